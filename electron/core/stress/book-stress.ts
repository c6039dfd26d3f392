/**
 * The live book under stress, as is and with the desk's suggested hedges done: every position
 * revalued in full (StressBook) on the chains as quoted now, over the spot x vol grid and the named
 * paths. The hedges are the advisor's (hedge/chain-hedge.ts) for this same book, added at their
 * suggested sizes (hedgesDone: options first, then the delta they leave), so a trader sees what
 * doing them would change before doing any.
 */
import { parseInstrument } from '../../../shared/domain/instrument';
import { hedgeForChains, hedgeMarketOfChains, type ChainHedgeMarket } from '../hedge/chain-hedge';
import type { PositionLine } from '../premium/chain-engine';
import type { PremiumParams } from '../premium/params';
import type { ChainSnapshot } from '../surface/chain-files';
import type { HedgeSuggestion } from '../hedge/suggestion';
import { StressBook, type StressLinear, type StressPosition } from './revalue';
import { spotVolGrid, stressPaths } from './shocks';

export interface BookStress {
  asOf: number;
  /** The grid's axes: spot moves (%) and 30-day vol shifts (points). */
  spotPct: number[];
  volPts: number[];
  /** P&L (USD) per grid cell, [spot][vol], as is and hedged. */
  grid: number[][];
  hedgedGrid: number[][];
  paths: { name: string; pnl: number; worstPnl: number; unwindCost: number; hedged: { pnl: number; worstPnl: number; unwindCost: number } }[];
  /** The hedges assumed done: instrument and signed size. */
  hedges: PositionLine[];
  /** Positions left out (expired, no chain of their coin), with why. */
  skipped: { instrument: string; reason: string }[];
}

export function stressOfBook(snapshots: readonly ChainSnapshot[], params: PremiumParams, positions: readonly PositionLine[]): BookStress {
  const chains = hedgeMarketOfChains(snapshots);
  const skipped: BookStress['skipped'] = [];
  const live = positions.filter(({ instrument }) => {
    try {
      chains.markOf(parseInstrument(instrument));
      return true;
    } catch (error) {
      skipped.push({ instrument, reason: (error as Error).message });
      return false;
    }
  });
  const hedges = hedgesDone(snapshots, params, live);
  const asIs = stressBookOf(chains, params, live);
  const hedged = stressBookOf(chains, params, [...live, ...hedges]);
  const grid = spotVolGrid();
  const spotPct = [...new Set(grid.map((s) => Math.round(Math.expm1(s.points[0]!.spot.BTC!) * 100)))];
  const volPts = [...new Set(grid.map((s) => s.points[0]!.vol.BTC!))];
  const cells = (book: StressBook) => spotPct.map((_, a) => volPts.map((_, b) => book.pnl(grid[a * volPts.length + b]!.points[0]!)));
  return {
    asOf: chains.asOf,
    spotPct,
    volPts,
    grid: cells(asIs),
    hedgedGrid: cells(hedged),
    paths: stressPaths().map((path) => {
      const { pnl, worstPnl, unwindCost } = asIs.run(path);
      const after = hedged.run(path);
      return { name: path.name, pnl, worstPnl, unwindCost, hedged: { pnl: after.pnl, worstPnl: after.worstPnl, unwindCost: after.unwindCost } };
    }),
    hedges,
    skipped,
  };
}

/**
 * The suggested hedges as a trader would do them together: the option lines (vega, gamma: judged
 * on the delta-hedged book), then the delta lines of the book they leave, since an option hedge
 * brings delta of its own. Delta and cross lines are alternatives for the same deltas (advisor.ts):
 * the per-coin delta lines are the ones taken.
 */
function hedgesDone(snapshots: readonly ChainSnapshot[], params: PremiumParams, book: readonly PositionLine[]): PositionLine[] {
  const signed = ({ instrument, side, size }: HedgeSuggestion): PositionLine => ({ instrument, size: side === 'buy' ? size : -size });
  const options = hedgeForChains(snapshots, params, book).suggestions.filter((s) => s.kind === 'vega' || s.kind === 'gamma').map(signed);
  const deltas = hedgeForChains(snapshots, params, [...book, ...options]).suggestions.filter((s) => s.kind === 'delta').map(signed);
  return [...options, ...deltas];
}

/** Options on their chain's market (forward, T, vol and book), futures and perpetuals at their marks. */
function stressBookOf({ market, markOf }: ChainHedgeMarket, params: PremiumParams, lines: readonly PositionLine[]): StressBook {
  const held = new Map<string, number>();
  for (const { instrument, size } of lines) held.set(instrument, (held.get(instrument) ?? 0) + size);
  const options: StressPosition[] = [];
  const linear: StressLinear[] = [];
  for (const [name, size] of held) {
    const instrument = parseInstrument(name);
    if (instrument.kind === 'option') {
      const listed = market.options.find((option) => option.instrument.name === name);
      const { forward, T, vol } = listed ?? markOf(instrument);
      options.push({ instrument, size, forward, T, vol, ...(listed ? { book: { bids: listed.bids, asks: listed.asks } } : {}) });
    } else {
      const { forward, T } = markOf(instrument);
      const halfSpread = market.linear.find((hedge) => hedge.instrument.name === name)?.halfSpread ?? 0;
      linear.push({ instrument, amount: size, forward, T, halfSpread });
    }
  }
  return new StressBook(options, params, linear);
}

/**
 * One inventory snapshot: the book's greeks from the portfolio risk the hedge advisor computes
 * (risk/book.ts through riskBookOf: one exposure model), its P&L in USD (risk/pnl.ts), and the
 * premium parameter set in force. The detail is the factor exposure vector the premium engine
 * and the hedges read (spot, gamma, vega per tenor bucket, per coin) and each coin's greeks.
 */
import type { Position } from '../../../shared/contract/schemas';
import { parseInstrument, type Instrument } from '../../../shared/domain/instrument';
import { hedgeMarketOfChains, riskBookOf } from '../hedge/chain-hedge';
import type { Mark, RiskBook } from '../risk/book';
import { bookPnl, markPrice, usdPricesOn } from '../risk/pnl';
import type { InventoryRow } from '../store/inventory-store';
import type { StoredParams } from '../store/premium-params-store';
import type { ChainSnapshot } from '../surface/chain-files';

/** How the market marks instruments now (a chain market: hedge/chain-hedge.ts). */
export interface SnapshotMarket {
  asOf: number;
  /** Throws for an instrument it cannot mark. */
  markOf(instrument: Instrument): Mark;
}

/** Each coin's greeks kept in the detail, beside the factor exposures. */
const COIN_GREEKS = ['delta', 'netDelta', 'deltaUsd', 'gammaUsd', 'vega', 'theta', 'vanna', 'volga'] as const;

export interface SnapshotInput {
  time: number;
  fillId: number | null;
  params: StoredParams;
  /** Every position row, flat ones too: their realized P&L and fees count. */
  positions: readonly Position[];
  market: SnapshotMarket;
}

/** The snapshot, and the risk book it measured (the desk's band watch reads the same book). */
export function inventorySnapshot({ time, fillId, params, positions, market }: SnapshotInput): { row: InventoryRow; book: RiskBook } {
  const coins = new Set(params.params.underlyings);
  const usdPrice = usdPricesOn((instrument) => market.markOf(instrument), coins);
  // A position the market cannot value (no chain of its coin, expired, a coin outside the
  // parameters) is left out and counted, so a partial P&L says it is partial.
  const marks = new Map<string, number>();
  const valued: Position[] = [];
  const live: Position[] = [];
  let unmarked = 0;
  for (const position of positions) {
    const instrument = parseInstrument(position.instrument);
    if (usdPrice[position.currency] === undefined || !coins.has(instrument.base)) {
      unmarked += position.size === 0 ? 0 : 1;
      continue;
    }
    if (position.size === 0) {
      valued.push(position);
      continue;
    }
    const mark = tryMark(market, instrument);
    if (!mark) {
      unmarked += 1;
      continue;
    }
    marks.set(position.instrument, markPrice(instrument, mark));
    valued.push(position);
    live.push(position);
  }
  const pnl = bookPnl(valued, marks, usdPrice);
  const usd = (field: 'realized' | 'unrealized' | 'fees') => pnl.currencies.reduce((sum, c) => sum + c[field] * usdPrice[c.currency]!, 0);

  const book = riskBookOf(params.params, live, market.asOf, (instrument) => market.markOf(instrument));
  const { byUnderlying } = book.report();
  const total = (greek: (typeof COIN_GREEKS)[number]) => byUnderlying.reduce((sum, row) => sum + row[greek], 0);
  const labels = [
    ...Array.from({ length: book.space.size }, (_, f) => book.space.name(f)),
    ...byUnderlying.flatMap(({ underlying }) => COIN_GREEKS.map((greek) => `${underlying} ${greek}`)),
  ];
  const values = Float64Array.from([...book.exposure, ...byUnderlying.flatMap((row) => COIN_GREEKS.map((greek) => row[greek]))]);
  const row: InventoryRow = {
    time,
    fillId,
    paramsId: params.id,
    deltaUsd: total('deltaUsd'),
    gammaUsd: total('gammaUsd'),
    vega: total('vega'),
    theta: total('theta'),
    vanna: total('vanna'),
    volga: total('volga'),
    realizedUsd: usd('realized'),
    unrealizedUsd: usd('unrealized'),
    feesUsd: usd('fees'),
    unmarked,
    labels,
    values,
  };
  return { row, book };
}

/** The snapshot on chains as the desk holds them (the live market's, or files): what the desk takes each time. */
export function snapshotOnChains(chains: readonly ChainSnapshot[], input: Omit<SnapshotInput, 'market'>): InventoryRow {
  const { asOf, markOf } = hedgeMarketOfChains(chains);
  return inventorySnapshot({ ...input, market: { asOf, markOf } }).row;
}

function tryMark(market: SnapshotMarket, instrument: Instrument): Mark | null {
  try {
    return market.markOf(instrument);
  } catch {
    return null;
  }
}

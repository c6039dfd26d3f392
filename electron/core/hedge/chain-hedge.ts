/**
 * Hedges for a book on chain snapshots, one per coin and settlement (the `hedge` command's files,
 * or the live session's chains as quoted now): options valued on each snapshot's surface with
 * their books from its depth, and each coin's perpetual marked at the forward of its nearest
 * expiry. A chain carries no perpetual book, so the perpetual's half-spread is
 * DEFAULT_PERPETUAL_HALF_SPREAD.
 */
import { formatInstrument, parseInstrument, type Instrument, type PerpetualInstrument } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import { futureTerms } from '../../../shared/domain/venue-rules';
import { chainMarket, type PositionLine } from '../premium/chain-engine';
import type { PremiumParams } from '../premium/params';
import { RiskBook, type Mark, type RiskReport } from '../risk/book';
import { RiskMeasure } from '../risk/measure';
import { markPrice } from '../risk/pnl';
import { snapshotTime } from '../surface/chain';
import type { ChainSnapshot } from '../surface/chain-files';
import { suggestHedges } from './advisor';
import { deltaBands, type DeltaBand } from './delta';
import type { HedgeMarket, LinearHedge, OptionHedge } from './market';
import type { HedgeSuggestion } from './suggestion';

/**
 * Half the perpetual's spread when the source has no perpetual book: 0.5 bp of the mark.
 * Deribit's BTC-PERPETUAL quotes a 0.5 USD tick at 60,000-100,000 USD (under 0.1 bp); a hand
 * hedge of size walks a little further, so the default is several ticks.
 */
export const DEFAULT_PERPETUAL_HALF_SPREAD = 0.00005;

export interface ChainHedge {
  asOf: number;
  report: RiskReport;
  riskBefore: number;
  suggestions: HedgeSuggestion[];
  bands: DeltaBand[];
}

export interface ChainHedgeMarket {
  market: HedgeMarket;
  /** The latest snapshot time. */
  asOf: number;
  /** The mark of a position's instrument; throws for one the chains cannot value. */
  markOf(instrument: Instrument): Mark;
}

/** What can be traded and how everything is marked, on one or more chains (a coin and settlement each). */
export function hedgeMarketOfChains(snapshots: readonly ChainSnapshot[]): ChainHedgeMarket {
  if (snapshots.length === 0) throw new Error('no chain to value the book on');
  const marks = new Map<string, Mark>();
  const forwards = new Map<string, { forward: (T: number) => number; asOf: number; perpetual: number }>();
  const linear: LinearHedge[] = [];
  const listed: OptionHedge[] = [];
  for (const snapshot of snapshots) {
    const { surface, asOf, options } = chainMarket(snapshot);
    if (options.length === 0) throw new Error(`the ${snapshot.underlying} chain has no live options`);
    for (const { instrument, market: { forward, T, vol }, book } of options) {
      marks.set(instrument.name, { forward, T, vol });
      const theo = markPrice(instrument, { forward, T, vol });
      listed.push({ instrument, forward, T, vol, theo, bids: book?.bids ?? [], asks: book?.asks ?? [] });
    }
    const perpetual = parseInstrument(formatInstrument({ kind: 'perpetual', base: snapshot.underlying, settlement: snapshot.settlement })) as PerpetualInstrument;
    const mark = surface.forward(Math.min(...options.map((option) => option.market.T)));
    linear.push({ instrument: perpetual, mark, halfSpread: DEFAULT_PERPETUAL_HALF_SPREAD, terms: futureTerms(perpetual) });
    if (!forwards.has(snapshot.underlying)) forwards.set(snapshot.underlying, { forward: (T) => surface.forward(T), asOf, perpetual: mark });
  }
  const markOf = (instrument: Instrument): Mark => {
    const known = marks.get(instrument.name);
    if (known) return known;
    const coin = forwards.get(instrument.base);
    if (!coin) throw new Error(`${instrument.name}: no chain of ${instrument.base} (the chains hold ${[...forwards.keys()].join(', ')})`);
    if (instrument.kind === 'perpetual') return { forward: coin.perpetual, T: 0, vol: 0 };
    if (instrument.kind === 'future' && instrument.expiry > coin.asOf) {
      const T = yearsBetween(coin.asOf, instrument.expiry);
      return { forward: coin.forward(T), T, vol: 0 };
    }
    throw new Error(`${instrument.name} is not a live instrument of the ${instrument.base} chain`);
  };
  return { market: { linear, options: listed }, asOf: Math.max(...snapshots.map((snapshot) => snapshotTime(snapshot.quotes))), markOf };
}

/**
 * The book's risk on a market's marks: positions netted per instrument, expired options and
 * futures left out (they carry no risk left to hedge; their settlement is the blotter's).
 */
export function riskBookOf(params: PremiumParams, positions: readonly PositionLine[], asOf: number, markOf: (instrument: Instrument) => Mark): RiskBook {
  const held = new Map<string, number>();
  for (const { instrument, size } of positions) held.set(instrument, (held.get(instrument) ?? 0) + size);
  const instruments = [...held.keys()].map((name) => parseInstrument(name)).filter((instrument) => instrument.kind === 'perpetual' || instrument.expiry > asOf);
  const book = new RiskBook(params, instruments);
  instruments.forEach((instrument, i) => {
    book.setSize(i, held.get(instrument.name)!);
    book.setMark(i, markOf(instrument));
  });
  book.rebuild();
  return book;
}

/** The book's risk on a chain market, measured with the parameters' factor covariance. */
function measuredBook(chainMarket: ChainHedgeMarket, params: PremiumParams, positions: readonly PositionLine[]): { book: RiskBook; measure: RiskMeasure } {
  const book = riskBookOf(params, positions, chainMarket.asOf, chainMarket.markOf);
  return { book, measure: new RiskMeasure(book.space, params) };
}

/**
 * The positions a chain market can value, and the others with why (a coin with no chain): the
 * live desk hedges and watches what it can value and says what it left out, as the inventory
 * snapshot counts them; the `hedge` command refuses them instead.
 */
export function splitValued(chainMarket: ChainHedgeMarket, positions: readonly PositionLine[]): { valued: PositionLine[]; left: string[] } {
  const valued: PositionLine[] = [];
  const left: string[] = [];
  for (const position of positions) {
    try {
      chainMarket.markOf(parseInstrument(position.instrument));
      valued.push(position);
    } catch (error) {
      left.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { valued, left };
}

/** Each coin's delta against its band, on a book measured on a market (the band watch's check each time the desk marks the book). */
export function deltaBandsOf(book: RiskBook, params: PremiumParams, market: HedgeMarket): DeltaBand[] {
  return deltaBands(book.exposure, new RiskMeasure(book.space, params), market);
}

/** The book's risk, its coins' delta bands and every hedge suggestion on a chain market; throws for a position it cannot value. */
export function hedgeOnMarket(chainMarket: ChainHedgeMarket, params: PremiumParams, positions: readonly PositionLine[]): ChainHedge {
  const { market, asOf } = chainMarket;
  const { book, measure } = measuredBook(chainMarket, params, positions);
  return {
    asOf,
    report: book.report(),
    riskBefore: measure.risk(book.exposure),
    suggestions: suggestHedges(book.exposure, measure, market, params),
    bands: deltaBands(book.exposure, measure, market),
  };
}

/** The same on one or more chain snapshots. */
export function hedgeForChains(snapshots: readonly ChainSnapshot[], params: PremiumParams, positions: readonly PositionLine[]): ChainHedge {
  return hedgeOnMarket(hedgeMarketOfChains(snapshots), params, positions);
}

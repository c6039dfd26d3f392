/**
 * Hedges for a book on a chain snapshot (the `hedge` command, and the desk until a live market
 * feeds it): options valued on the snapshot's surface, their books from its depth, and the
 * coin's perpetual marked at the forward of the nearest expiry. A chain file carries no
 * perpetual book, so the perpetual's half-spread is DEFAULT_PERPETUAL_HALF_SPREAD.
 */
import { formatInstrument, parseInstrument, type Instrument, type PerpetualInstrument } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import { contractSize, futureTerms } from '../../../shared/domain/venue-rules';
import { black76Price } from '../pricing/black76';
import { chainMarket, type PositionLine } from '../premium/chain-engine';
import type { PremiumParams } from '../premium/params';
import { RiskBook, type Mark, type RiskReport } from '../risk/book';
import { RiskMeasure } from '../risk/measure';
import type { ChainSnapshot } from '../surface/chain-files';
import { suggestHedges } from './advisor';
import type { HedgeMarket, OptionHedge } from './market';
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
}

export interface ChainHedgeMarket {
  market: HedgeMarket;
  asOf: number;
  /** The mark of a position's instrument; throws for one the chain cannot value. */
  markOf(instrument: Instrument): Mark;
}

export function hedgeMarketOfChain(snapshot: ChainSnapshot): ChainHedgeMarket {
  const { surface, asOf, options } = chainMarket(snapshot);
  if (options.length === 0) throw new Error('the chain has no live options');
  const marks = new Map<string, Mark>();
  const listed: OptionHedge[] = options.map(({ instrument, market: { forward, T, vol }, book }) => {
    marks.set(instrument.name, { forward, T, vol });
    const usdPerPrice = instrument.settlement === 'inverse' ? forward : 1;
    const theo = (contractSize(instrument) * black76Price(instrument.optionType, forward, instrument.strike, T, vol)) / usdPerPrice;
    return { instrument, forward, T, vol, theo, bids: book?.bids ?? [], asks: book?.asks ?? [] };
  });
  const perpetual = parseInstrument(formatInstrument({ kind: 'perpetual', base: snapshot.underlying, settlement: snapshot.settlement })) as PerpetualInstrument;
  const perpetualMark = surface.forward(Math.min(...options.map((option) => option.market.T)));
  const market: HedgeMarket = {
    linear: [{ instrument: perpetual, mark: perpetualMark, halfSpread: DEFAULT_PERPETUAL_HALF_SPREAD, terms: futureTerms(perpetual) }],
    options: listed,
  };
  const markOf = (instrument: Instrument): Mark => {
    const known = marks.get(instrument.name);
    if (known) return known;
    if (instrument.base !== snapshot.underlying) throw new Error(`${instrument.name}: the chain holds ${snapshot.underlying} only`);
    if (instrument.kind === 'perpetual') return { forward: perpetualMark, T: 0, vol: 0 };
    if (instrument.kind === 'future' && instrument.expiry > asOf) {
      const T = yearsBetween(asOf, instrument.expiry);
      return { forward: surface.forward(T), T, vol: 0 };
    }
    throw new Error(`${instrument.name} is not a live instrument of the chain`);
  };
  return { market, asOf, markOf };
}

/** The book's risk and every hedge suggestion on a chain snapshot. */
export function hedgeForChain(snapshot: ChainSnapshot, params: PremiumParams, positions: readonly PositionLine[]): ChainHedge {
  const { market, asOf, markOf } = hedgeMarketOfChain(snapshot);
  const held = new Map<string, number>();
  for (const { instrument, size } of positions) held.set(instrument, (held.get(instrument) ?? 0) + size);
  const instruments = [...held.keys()].map((name) => parseInstrument(name));
  const book = new RiskBook(params, instruments);
  instruments.forEach((instrument, i) => {
    book.setSize(i, held.get(instrument.name)!);
    book.setMark(i, markOf(instrument));
  });
  book.rebuild();
  const measure = new RiskMeasure(book.space, params);
  return { asOf, report: book.report(), riskBefore: measure.risk(book.exposure), suggestions: suggestHedges(book.exposure, measure, market, params) };
}

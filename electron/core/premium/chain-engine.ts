/**
 * A chain snapshot as the engine and the stress runs read it: the surface calibrated from the
 * chain's bid/ask IVs (or its marks), each live option's forward, time and vol from that surface,
 * and its book from the snapshot's depth. `engineForChain` adds the dealer's positions and quotes:
 * what the `quote` command and the tests run.
 */
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import type { Level } from '../market/events';
import { calibrateSlices } from '../surface/calibrate';
import { expirySlices, snapshotTime } from '../surface/chain';
import type { ChainSnapshot } from '../surface/chain-files';
import { VolSurface } from '../surface/vol-surface';
import type { PremiumParams } from './params';
import { QuoteEngine, type OptionMarket } from './quote-engine';

export interface PositionLine {
  instrument: string;
  /** Contracts, signed (+ long). */
  size: number;
}

export interface ChainOption {
  instrument: OptionInstrument;
  market: OptionMarket;
  book?: { bids: Level[]; asks: Level[] };
}

export interface ChainMarket {
  surface: VolSurface;
  /** The snapshot's time (ms): the latest quote stamp. */
  asOf: number;
  /** Options not yet expired at asOf, in the snapshot's order. */
  options: ChainOption[];
}

export function chainMarket(snapshot: ChainSnapshot): ChainMarket {
  const { quotes, settlement } = snapshot;
  const asOf = snapshotTime(quotes);
  const source = quotes.some((q) => q.bidIv !== null || q.askIv !== null) ? 'bid_ask' : 'mark';
  const surface = snapshot.surface ?? VolSurface.of(calibrateSlices(expirySlices(quotes, settlement, source)));
  if (!surface) throw new Error('no expiry of the chain could be calibrated');
  const options: ChainOption[] = [];
  for (const quote of quotes) {
    const instrument = parseInstrument(quote.instrument);
    if (instrument.kind !== 'option' || instrument.expiry <= asOf) continue;
    const T = yearsBetween(asOf, instrument.expiry);
    options.push({ instrument, market: { forward: surface.forward(T), T, vol: surface.vol(instrument.strike, T) }, ...(quote.book ? { book: quote.book } : {}) });
  }
  return { surface, asOf, options };
}

/** Signed contracts per option of the chain; a position on an instrument the chain lacks is an error. */
export function positionsOn(options: readonly ChainOption[], positions: readonly PositionLine[]): Map<number, number> {
  const index = new Map(options.map((option, i) => [option.instrument.name, i]));
  const held = new Map<number, number>();
  for (const { instrument, size } of positions) {
    const i = index.get(instrument);
    if (i === undefined) throw new Error(`position in ${instrument}: not a live option of the chain`);
    held.set(i, (held.get(i) ?? 0) + size);
  }
  return held;
}

export interface ChainEngine {
  engine: QuoteEngine;
  surface: VolSurface;
  asOf: number;
}

export function engineForChain(snapshot: ChainSnapshot, params: PremiumParams, positions: readonly PositionLine[] = []): ChainEngine {
  const { surface, asOf, options } = chainMarket(snapshot);
  const engine = new QuoteEngine(params, options.map(({ instrument }) => instrument));
  options.forEach(({ market, book }, i) => {
    engine.setMarket(i, market);
    if (book) engine.setBook(i, book.bids, book.asks);
  });
  engine.setPositions(positionsOn(options, positions));
  engine.requote();
  return { engine, surface, asOf };
}

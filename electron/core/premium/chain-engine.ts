/**
 * A premium engine on a chain snapshot: the surface calibrated from the chain's bid/ask IVs (or
 * its marks), each option's theo from that surface at its expiry's forward, its book from the
 * snapshot's depth, and the dealer's positions. What the `quote` command and the tests run.
 */
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import { calibrateSlices } from '../surface/calibrate';
import { expirySlices, snapshotTime, type ChainQuote } from '../surface/chain';
import type { ChainSnapshot } from '../surface/chain-files';
import { VolSurface } from '../surface/vol-surface';
import type { PremiumParams } from './params';
import { QuoteEngine } from './quote-engine';

export interface PositionLine {
  instrument: string;
  /** Contracts, signed (+ long). */
  size: number;
}

export interface ChainEngine {
  engine: QuoteEngine;
  surface: VolSurface;
  /** The snapshot's time (ms): the latest quote stamp. */
  asOf: number;
}

/** An option of a chain snapshot valued on the snapshot's surface. */
export interface ChainOption {
  instrument: OptionInstrument;
  quote: ChainQuote;
  forward: number;
  T: number;
  vol: number;
}

/** The surface calibrated from a snapshot and every live option on it. */
export function chainMarket(snapshot: ChainSnapshot): { surface: VolSurface; asOf: number; options: ChainOption[] } {
  const { quotes, settlement } = snapshot;
  const asOf = snapshotTime(quotes);
  const source = quotes.some((q) => q.bidIv !== null || q.askIv !== null) ? 'bid_ask' : 'mark';
  const surface = VolSurface.of(calibrateSlices(expirySlices(quotes, settlement, source)));
  if (!surface) throw new Error('no expiry of the chain could be calibrated');
  const options: ChainOption[] = [];
  for (const quote of quotes) {
    const instrument = parseInstrument(quote.instrument);
    if (instrument.kind !== 'option' || instrument.expiry <= asOf) continue;
    const T = yearsBetween(asOf, instrument.expiry);
    options.push({ instrument, quote, forward: surface.forward(T), T, vol: surface.vol(instrument.strike, T) });
  }
  return { surface, asOf, options };
}

export function engineForChain(snapshot: ChainSnapshot, params: PremiumParams, positions: readonly PositionLine[] = []): ChainEngine {
  const { surface, asOf, options } = chainMarket(snapshot);
  const engine = new QuoteEngine(params, options.map(({ instrument }) => instrument));
  options.forEach(({ quote, forward, T, vol }, i) => {
    engine.setMarket(i, { forward, T, vol });
    if (quote.book) engine.setBook(i, quote.book.bids, quote.book.asks);
  });
  const held = new Map<number, number>();
  for (const { instrument, size } of positions) {
    const i = engine.indexOf(instrument);
    held.set(i, (held.get(i) ?? 0) + size);
  }
  engine.setPositions(held);
  engine.requote();
  return { engine, surface, asOf };
}

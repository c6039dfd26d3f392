/**
 * Trade prints of a recorded session as distances to mid per bucket, for the intensity fit: each
 * option print is measured from the instrument's latest mark at that moment, in vol points (the
 * price distance over the option's vega at its mark IV), and filed under its underlying and tenor.
 */
import { parseInstrument } from '../../../../shared/domain/instrument';
import { contractSize } from '../../../../shared/domain/venue-rules';
import type { MarketEvent, TickerEvent } from '../../market/events';
import { black76, Valuation } from '../../pricing/black76';
import type { FactorSpace } from '../factors';
import type { Intensity } from '../params';
import { fitIntensity, printDistance } from './intensity';

export interface BucketPrints {
  distances: number[];
}

export interface PrintSample {
  buckets: Map<string, BucketPrints>;
  /** The session's span in days (first to last event). */
  days: number;
  /** Prints left out: no mark yet, not an option of the parameters' underlyings, expired. */
  skipped: number;
}

export function printsByBucket(events: Iterable<MarketEvent>, space: FactorSpace): PrintSample {
  const marks = new Map<string, TickerEvent>();
  const buckets = new Map<string, BucketPrints>();
  const valuation = new Valuation();
  let [first, last, skipped] = [Infinity, -Infinity, 0];
  for (const event of events) {
    first = Math.min(first, event.time);
    last = Math.max(last, event.time);
    if (event.type === 'ticker') marks.set(event.instrument, event);
    if (event.type !== 'trade') continue;
    const mark = marks.get(event.instrument);
    const instrument = parseInstrument(event.instrument);
    const bucket = instrument.kind === 'option' ? space.optionBucket(instrument, event.time) : null;
    if (instrument.kind !== 'option' || !bucket || !mark?.markPrice || !mark.markIv || !mark.underlyingPrice) {
      skipped += 1;
      continue;
    }
    const { key, T } = bucket;
    const F = mark.underlyingPrice;
    const v = black76(valuation, instrument.optionType, F, instrument.strike, T, mark.markIv);
    const vegaPrice = contractSize(instrument) * v.vega * (instrument.settlement === 'inverse' ? 1 / F : 1);
    if (!(vegaPrice > 0)) {
      skipped += 1;
      continue;
    }
    let prints = buckets.get(key);
    if (!prints) buckets.set(key, (prints = { distances: [] }));
    prints.distances.push(printDistance(event.price, mark.markPrice, vegaPrice));
  }
  return { buckets, days: Number.isFinite(first) ? Math.max(last - first, 1) / 86_400_000 : 0, skipped };
}

/** A and k per bucket with at least `minPrints` prints. */
export function intensitiesOf(sample: PrintSample, minPrints: number): Record<string, Intensity & { prints: number }> {
  const fitted: Record<string, Intensity & { prints: number }> = {};
  for (const [key, { distances }] of sample.buckets) {
    if (distances.length < minPrints) continue;
    const { A, k, prints } = fitIntensity(distances, sample.days);
    fitted[key] = { A, k, prints };
  }
  return fitted;
}

/**
 * Markouts of the dealer's fills (MODEL.md, "Adverse selection"): for a fill on side s (+1 the
 * dealer bought) at price p, the move against the dealer after h is -s (mid(t + h) - p); averaged
 * per bucket and side in vol points (divided by the option's vega at the fill), at each horizon
 * from 1 s to 5 min. The premium reads the longest horizon: the adverse move realised by then.
 */
import { MARKOUT_HORIZONS_MS } from '../../../../shared/domain/markout';
import { dealerMarkout } from '../../fills/fill-markouts';
import { parseInstrument } from '../../../../shared/domain/instrument';
import type { MarkedFillRow } from '../../store/fill-mark-store';
import type { FactorSpace } from '../factors';
import type { BucketMarkouts } from '../params';

export interface MarkedFill {
  /** Bucket key, 'BTC 7-30d'. */
  bucket: string;
  side: 'buy' | 'sell';
  price: number;
  time: number;
  /** The option's vega at the fill, price currency per vol point. */
  vega: number;
}

/** The mid of the fill's instrument at a time (the `horizon`-th after the fill), or null where none is known (the fill is then left out at that horizon). */
export type MidAt = (fill: MarkedFill, time: number, horizon: number) => number | null;

export interface MarkoutTable {
  horizonsMs: readonly number[];
  /** Per bucket and side: mean markout against the dealer (vol points) and count, per horizon. */
  buckets: Map<string, { bid: { mean: number[]; count: number[] }; ask: { mean: number[]; count: number[] } }>;
}

export function markoutTable(fills: readonly MarkedFill[], midAt: MidAt, horizonsMs: readonly number[] = MARKOUT_HORIZONS_MS): MarkoutTable {
  const buckets: MarkoutTable['buckets'] = new Map();
  const empty = () => ({ mean: horizonsMs.map(() => 0), count: horizonsMs.map(() => 0) });
  for (const fill of fills) {
    if (!(fill.vega > 0)) continue;
    let entry = buckets.get(fill.bucket);
    if (!entry) buckets.set(fill.bucket, (entry = { bid: empty(), ask: empty() }));
    const side = fill.side === 'buy' ? entry.bid : entry.ask;
    horizonsMs.forEach((h, k) => {
      const mid = midAt(fill, fill.time + h, k);
      if (mid === null) return;
      const against = -dealerMarkout(fill.side, fill.price, mid) / fill.vega;
      side.count[k]! += 1;
      side.mean[k]! += (against - side.mean[k]!) / side.count[k]!;
    });
  }
  return { horizonsMs, buckets };
}

/** The premium's markouts: each bucket's mean and count at the longest horizon. */
export function premiumMarkouts(table: MarkoutTable): Record<string, BucketMarkouts> {
  const last = table.horizonsMs.length - 1;
  const result: Record<string, BucketMarkouts> = {};
  for (const [bucket, { bid, ask }] of table.buckets) {
    result[bucket] = { bid: { mean: bid.mean[last]!, count: bid.count[last]! }, ask: { mean: ask.mean[last]!, count: ask.count[last]! } };
  }
  return result;
}

/**
 * The markout table of the fills the desk marked (FillMarkStore): each option fill of the
 * parameters' coins under its bucket at the fill, its mark at each horizon as stored.
 */
export function storedMarkoutTable(rows: readonly MarkedFillRow[], space: FactorSpace): MarkoutTable {
  const marksOf = new Map<MarkedFill, readonly (number | null)[]>();
  for (const row of rows) {
    const instrument = parseInstrument(row.instrument);
    const bucket = instrument.kind === 'option' ? space.optionBucket(instrument, row.time) : null;
    if (bucket) marksOf.set({ bucket: bucket.key, side: row.side, price: row.price, time: row.time, vega: row.vegaPrice }, row.after);
  }
  return markoutTable([...marksOf.keys()], (fill, _time, horizon) => marksOf.get(fill)![horizon] ?? null);
}

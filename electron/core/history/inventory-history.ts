/**
 * The review query: chartable series of the inventory over a time range, downsampled by LTTB to
 * at most `points` each. When a chart point spans a minute or more the minute tier is read (a
 * month is 43,200 rows), else the 1 s snapshots; either way the part of the range that only the
 * other tier still holds is read from it, so compaction leaves no gap. SQLite groups either tier
 * into buckets of half a point (low, high, last), and LTTB picks among those.
 */
import { InventorySeriesName, type InventoryHistory } from '../../../shared/contract/history';
import { INVENTORY_SERIES, MINUTE_MS, type InventoryStore } from '../store/inventory-store';
import { lttbIndices } from './lttb';

export interface HistoryQuery {
  from: number;
  to: number;
  points: number;
  series?: readonly InventorySeriesName[] | undefined;
}

const unitOf = (name: InventorySeriesName) => (name === 'paramsId' ? 'premium parameter set id' : INVENTORY_SERIES.find((s) => s.name === name)!.unit);

export function inventoryHistory(store: InventoryStore, { from, to, points, series }: HistoryQuery): InventoryHistory {
  if (!(to > from)) throw new Error(`the range must end after it starts (from ${from}, to ${to})`);
  const names = series && series.length > 0 ? [...new Set(series)] : InventorySeriesName.options;
  // Where the 1 s tier takes over: the minute tier before it (only minutes wholly before it).
  const coarse = (to - from) / points >= MINUTE_MS;
  const firstFine = store.firstSnapshotTime();
  const split = coarse ? store.rolledUpTo() : firstFine === null ? Infinity : Math.floor(firstFine / MINUTE_MS) * MINUTE_MS;
  // Buckets of about half a chart point (a whole number of minutes in the minute tier): each
  // gives LTTB its low, high and last, so no spike is lost and few rows cross into JavaScript.
  const bucketMs = Math.max(1, Math.floor((to - from) / (2 * points)));
  const minutes = split > from ? store.bucketRows('minutes', from, Math.min(to, split), Math.max(1, Math.floor(bucketMs / MINUTE_MS)) * MINUTE_MS, names) : [];
  const seconds = split < to ? store.bucketRows('seconds', Math.max(from, split), to, bucketMs, names) : [];

  const rawCount = [...minutes, ...seconds].reduce((sum, row) => sum + row[1]!, 0);
  const out = names.map((name, k) => {
    const t: number[] = [];
    const v: number[] = [];
    for (const row of minutes) pushBucket(t, v, row[0]!, row[2]!, row[3 + 3 * k]!, row[4 + 3 * k]!, row[5 + 3 * k]!);
    for (const row of seconds) pushBucket(t, v, row[0]!, row[2]!, row[3 + 3 * k]!, row[4 + 3 * k]!, row[5 + 3 * k]!);
    const keep = lttbIndices(t, v, points);
    return { name, unit: unitOf(name), t: Array.from(keep, (i) => t[i]!), v: Array.from(keep, (i) => v[i]!) };
  });
  return { from, to, series: out, rawCount };
}

/**
 * A bucket as up to three points: the extreme farther from the last value at the bucket's first
 * time, the other halfway to its last, the last value at its time. The extremes' times are placed,
 * not measured: within half a chart point. A bucket of one snapshot is that snapshot exactly.
 */
function pushBucket(t: number[], v: number[], first: number, lastTime: number, min: number, max: number, last: number): void {
  const [far, near] = Math.abs(min - last) >= Math.abs(max - last) ? [min, max] : [max, min];
  if (far !== last) {
    t.push(first);
    v.push(far);
  }
  if (near !== far && near !== last) {
    t.push((first + lastTime) / 2);
    v.push(near);
  }
  t.push(lastTime);
  v.push(last);
}

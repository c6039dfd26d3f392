/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013, "Downsampling Time Series for
 * Visual Representation", section 4.2): keep the first and last points; split the rest into
 * `threshold - 2` buckets of equal count; from each bucket keep the point that makes the largest
 * triangle with the point kept in the previous bucket and the average of the next bucket. A
 * spike is the largest triangle of its bucket, so a chart of the kept points still shows it.
 */

/** Indices of the points to keep, ascending; all of them when there are no more than `threshold`. */
export function lttbIndices(t: ArrayLike<number>, v: ArrayLike<number>, threshold: number): Uint32Array {
  const n = t.length;
  if (v.length !== n) throw new Error(`lttb: ${n} times but ${v.length} values`);
  if (!(Number.isInteger(threshold) && threshold >= 2)) throw new Error(`lttb: the threshold must be an integer of at least 2 (got ${threshold})`);
  if (n <= threshold) return Uint32Array.from({ length: n }, (_, i) => i);
  const kept = new Uint32Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0; // the point kept in the previous bucket
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * every) + 1;
    const end = Math.floor((bucket + 1) * every) + 1;
    // The next bucket's average (the last point alone after the last bucket).
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * every) + 1, n);
    let avgT = 0;
    let avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgT += t[j]!;
      avgV += v[j]!;
    }
    const count = nextEnd - nextStart;
    avgT /= count;
    avgV /= count;
    const at = t[a]!;
    const av = v[a]!;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      // Twice the triangle's area; the factor does not change which is largest.
      const area = Math.abs((at - avgT) * (v[j]! - av) - (at - t[j]!) * (avgV - av));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    kept[bucket + 1] = best;
    a = best;
  }
  kept[threshold - 1] = n - 1;
  return kept;
}

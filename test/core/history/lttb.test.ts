/** LTTB (Steinarsson 2013): the properties a chart relies on. */
import { describe, expect, it } from 'vitest';
import { lttbIndices } from '../../../electron/core/history/lttb';

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const walk = (n: number, seed: number) => {
  const random = seeded(seed);
  const t = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 1000);
  let x = 0;
  const v = t.map(() => (x += random() - 0.5));
  return { t, v };
};

describe('LTTB downsampling', () => {
  it('keeps exactly `threshold` points, ascending, the first and the last among them', () => {
    for (const [n, threshold] of [[10_000, 2000], [1001, 3], [5000, 4999], [123_457, 700]] as const) {
      const { t, v } = walk(n, n);
      const kept = lttbIndices(t, v, threshold);
      expect(kept.length).toBe(threshold);
      expect(kept[0]).toBe(0);
      expect(kept[kept.length - 1]).toBe(n - 1);
      for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeGreaterThan(kept[i - 1]!);
    }
  });

  it('keeps everything when there are no more points than the threshold', () => {
    const { t, v } = walk(50, 1);
    expect(Array.from(lttbIndices(t, v, 50))).toEqual(t.map((_, i) => i));
    expect(Array.from(lttbIndices(t, v, 2000))).toEqual(t.map((_, i) => i));
    expect(Array.from(lttbIndices([], [], 10))).toEqual([]);
  });

  it('picks the extreme of a one-point spike in a flat series, up or down', () => {
    for (const [at, height] of [[3_217, 50], [77_001, -80]] as const) {
      const n = 100_000;
      const t = Array.from({ length: n }, (_, i) => i * 1000);
      const v = t.map((_, i) => (i === at ? height : Math.sin(i / 500) * 0.01));
      const kept = Array.from(lttbIndices(t, v, 200));
      expect(kept).toContain(at);
    }
  });

  it('keeps a wide spike within a few percent of its top (its shoulders are no substitute)', () => {
    const { t, v } = walk(20_000, 9);
    for (let i = 9_990; i <= 10_010; i++) v[i]! += 400 - Math.abs(i - 10_000) * 15; // a peak at 10,000, 20 s wide
    const kept = Array.from(lttbIndices(t, v, 100)); // 200 points a bucket
    const base = v[9_980]!;
    const keptTop = Math.max(...kept.map((i) => v[i]!));
    expect(keptTop - base).toBeGreaterThan(0.95 * (v[10_000]! - base));
  });

  it('refuses a threshold below 2 or not whole, and unequal inputs', () => {
    expect(() => lttbIndices([1, 2, 3], [1, 2, 3], 1)).toThrow(/at least 2/);
    expect(() => lttbIndices([1, 2, 3], [1, 2, 3], 2.5)).toThrow(/integer/);
    expect(() => lttbIndices([1, 2, 3], [1, 2], 2)).toThrow(/3 times but 2 values/);
  });
});

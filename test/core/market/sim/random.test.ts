import { describe, expect, it } from 'vitest';
import { hashUnit, Rng } from '../../../../electron/core/market/sim/random';

const DRAWS = 200_000;

/** Sample mean and its standard error. */
function moments(draw: () => number) {
  let sum = 0;
  let sumSq = 0;
  let sumFourth = 0;
  for (let i = 0; i < DRAWS; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
    sumFourth += x ** 4;
  }
  const mean = sum / DRAWS;
  const variance = sumSq / DRAWS - mean * mean;
  return { mean, variance, fourth: sumFourth / DRAWS, error: Math.sqrt(variance / DRAWS) };
}

describe('the simulator random streams', () => {
  it('xoshiro128** matches the reference outputs for a known state', () => {
    // Reference: Vigna's xoshiro128starstar.c from state {1, 2, 3, 4}: 11520, 0, 5927040, 70819200.
    const rng = new Rng(0);
    (rng as unknown as { copyFrom(o: unknown): void }).copyFrom({ s0: 1, s1: 2, s2: 3, s3: 4, spare: 0, hasSpare: false });
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('is reproducible per seed and stream, and seeds and streams differ', () => {
    const first = (seed: number, stream = 0) => {
      const rng = new Rng(seed, stream);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    expect(first(1)).toEqual(first(1));
    expect(first(1)).not.toEqual(first(2));
    expect(first(1, 0)).not.toEqual(first(1, 1));
    expect(first(2 ** 40)).not.toEqual(first(0));
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
  });

  // Tolerances: 5 standard errors of each sample moment.
  it('draws uniforms on [0, 1) and standard normals with the right moments', () => {
    const rng = new Rng(5);
    const u = moments(() => rng.uniform());
    expect(Math.abs(u.mean - 0.5)).toBeLessThan(5 * u.error);
    expect(Math.abs(u.variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / DRAWS));
    const z = moments(() => rng.normal());
    expect(Math.abs(z.mean)).toBeLessThan(5 * z.error);
    expect(Math.abs(z.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / DRAWS));
    expect(Math.abs(z.fourth - 3)).toBeLessThan(5 * Math.sqrt(96 / DRAWS));
  });

  it('draws Poisson counts with mean and variance equal to the mean asked', () => {
    const rng = new Rng(9);
    for (const mean of [1e-6, 0.3, 4, 60]) {
      const p = moments(() => rng.poisson(mean));
      expect(Math.abs(p.mean - mean)).toBeLessThan(5 * Math.sqrt(mean / DRAWS) + 1e-9);
      if (mean >= 0.3) expect(Math.abs(p.variance / mean - 1)).toBeLessThan(0.05);
    }
    expect(rng.poisson(0)).toBe(0);
    expect(() => rng.poisson(-1)).toThrow(/>= 0/);
  });

  it('a clone draws exactly what the original draws next, spare normal included', () => {
    const rng = new Rng(11);
    rng.normal(); // leaves a spare
    const copy = rng.clone();
    expect(Array.from({ length: 5 }, () => copy.normal())).toEqual(Array.from({ length: 5 }, () => rng.normal()));
  });

  it('hashUnit is a pure function of its two integers, spread over [0, 1)', () => {
    expect(hashUnit(3, 7)).toBe(hashUnit(3, 7));
    expect(hashUnit(3, 7)).not.toBe(hashUnit(7, 3));
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = hashUnit(i, 12345);
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 10_000));
  });
});

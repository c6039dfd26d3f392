import { describe, expect, it } from 'vitest';
import { SpotDynamics } from '../../../../electron/core/market/sim/dynamics';
import { DEFAULT_DYNAMICS } from '../../../../electron/core/market/sim/dynamics-params';
import { expectedReturnCorrelation } from '../../../../electron/core/market/sim/moments';

const HOUR = 1 / (365 * 24);
const YEARS = 200;

/**
 * One long hourly run, cut into one-year blocks. Vol and jumps make returns dependent and heavy
 * tailed, so standard errors come from the spread of the block estimates (batch means): blocks of
 * a year are about ten times the vol's half-life (25 days), long enough to be near independent.
 */
function blockMoments(seed: number) {
  const sim = new SpotDynamics(DEFAULT_DYNAMICS, seed);
  const n = sim.size;
  const stepsPerYear = 365 * 24;
  const previous = new Float64Array(n);
  const blocks: { sumSq: Float64Array; sumCross: Float64Array }[] = [];
  for (let year = 0; year < YEARS; year++) {
    const sumSq = new Float64Array(n);
    const sumCross = new Float64Array(n * n);
    for (let step = 0; step < stepsPerYear; step++) {
      previous.set(sim.logSpot);
      sim.step(HOUR);
      for (let i = 0; i < n; i++) {
        const ri = sim.logSpot[i]! - previous[i]!;
        sumSq[i] = sumSq[i]! + ri * ri;
        for (let j = i + 1; j < n; j++) sumCross[i * n + j] = sumCross[i * n + j]! + ri * (sim.logSpot[j]! - previous[j]!);
      }
    }
    blocks.push({ sumSq, sumCross });
  }
  return { n, blocks };
}

function meanAndError(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, error: Math.sqrt(variance / values.length) };
}

describe('simulated spot dynamics', () => {
  const { n, blocks } = blockMoments(7);

  it('is deterministic given its seed, and a different seed gives a different path', () => {
    const run = (seed: number) => {
      const sim = new SpotDynamics(DEFAULT_DYNAMICS, seed);
      for (let i = 0; i < 5_000; i++) sim.step(HOUR / 36);
      return [...sim.logSpot, ...sim.logVol, ...sim.premium];
    };
    expect(run(42)).toEqual(run(42));
    expect(run(43)).not.toEqual(run(42));
  });

  it('a clone steps into exactly the future the original then takes', () => {
    const sim = new SpotDynamics(DEFAULT_DYNAMICS, 3);
    for (let i = 0; i < 100; i++) sim.step(HOUR);
    const ahead = sim.clone();
    for (let i = 0; i < 500; i++) ahead.step(HOUR);
    for (let i = 0; i < 500; i++) sim.step(HOUR);
    expect([...ahead.logSpot, ...ahead.logVol]).toEqual([...sim.logSpot, ...sim.logVol]);
  });

  // Tolerance: 4 batch-means standard errors (a false alarm about 1 in 16,000 per coin), and the
  // error itself must be under 4% of the variance, so the test can tell a wrong vol apart.
  it.each(DEFAULT_DYNAMICS.coins.map((coin, i) => [coin.base, coin.vol, i] as const))(
    '%s realises its RMS vol %f over 200 simulated years (within 4 standard errors)',
    (_base, vol, i) => {
      const { mean, error } = meanAndError(blocks.map((b) => b.sumSq[i]!));
      expect(error / (vol * vol)).toBeLessThan(0.04);
      expect(Math.abs(mean - vol * vol)).toBeLessThan(4 * error);
    },
  );

  // The long-run correlation is a ratio of pooled sums; its standard error is the jackknife over
  // the year blocks (the mean of per-block correlations would be biased: it drops the slow
  // variation of the vol ratio between years). Tolerance: 4 standard errors.
  it('realises the return correlations the parameters imply (BTC/ETH about 0.8)', () => {
    const pooled = (i: number, j: number, without = -1) => {
      let cross = 0;
      let sqI = 0;
      let sqJ = 0;
      blocks.forEach((b, index) => {
        if (index === without) return;
        cross += b.sumCross[i * n + j]!;
        sqI += b.sumSq[i]!;
        sqJ += b.sumSq[j]!;
      });
      return cross / Math.sqrt(sqI * sqJ);
    };
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const estimate = pooled(i, j);
        const leaveOneOut = blocks.map((_, d) => pooled(i, j, d));
        const { mean } = meanAndError(leaveOneOut);
        const error = Math.sqrt(((blocks.length - 1) / blocks.length) * leaveOneOut.reduce((a, v) => a + (v - mean) ** 2, 0));
        const expected = expectedReturnCorrelation(DEFAULT_DYNAMICS, i, j);
        expect(error).toBeLessThan(0.005);
        expect(Math.abs(estimate - expected)).toBeLessThan(4 * error);
        // Unequal vols and own jumps take some correlation off the diffusive parameter, the crash adds some.
        expect(Math.abs(expected - DEFAULT_DYNAMICS.spotCorrelation[i]![j]!)).toBeLessThan(0.05);
      }
    }
    expect(expectedReturnCorrelation(DEFAULT_DYNAMICS, 0, 1)).toBeCloseTo(0.8, 1);
  });
});

/**
 * `desk calibrate-premium` end to end: a recorded session (the desk's own recording format) whose
 * option prints sit at exponential distances from the mark with a known k, and a store whose surface
 * history is too short for a covariance: the command stores a new calibrated version with the
 * recovered k per bucket, keeps the covariance and says why, and refuses when there is nothing to fit.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { Recorder } from '../../../electron/core/market/record/recorder';
import { Rng } from '../../../electron/core/market/sim/random';
import { black76, Valuation } from '../../../electron/core/pricing/black76';
import { runDesk } from '../../support/desk-cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const START = Date.UTC(2026, 0, 14, 12);
const INSTRUMENT = 'BTC-27FEB26-100000-C'; // 44 days out: the 30-90d bucket
const [F, VOL, K_TRUE, DAYS] = [95_000, 0.55, 0.8, 2];

function recordPrints(file: string, count: number): void {
  const recorder = new Recorder(file, { venue: 'deribit', started: START, params: {} });
  const T = (Date.UTC(2026, 1, 27, 8) - START) / (365 * 86_400_000);
  const mark = black76(new Valuation(), 'call', F, 100_000, T, VOL);
  const markCoin = mark.price / F;
  const vegaCoin = mark.vega / F;
  recorder.append({ type: 'ticker', venue: 'deribit', instrument: INSTRUMENT, time: START, markPrice: markCoin, markIv: VOL, underlyingPrice: F });
  const rng = new Rng(17);
  for (let i = 0; i < count; i++) {
    const distance = -Math.log(1 - rng.uniform()) / K_TRUE; // vol points
    const buy = rng.uniform() < 0.5;
    const time = START + Math.round(((i + 1) / count) * DAYS * 86_400_000);
    recorder.append({ type: 'trade', venue: 'deribit', instrument: INSTRUMENT, time, tradeId: `t${i}`, price: markCoin + (buy ? 1 : -1) * distance * vegaCoin, amount: 1, takerSide: buy ? 'buy' : 'sell' });
  }
  recorder.close(START + DAYS * 86_400_000);
}

describe('desk calibrate-premium', () => {
  it('fits k per bucket from a recording as a new calibrated version, keeping a covariance it cannot fit', () => {
    const dir = tempDir();
    const recording = path.join(dir, 'session.rec');
    recordPrints(recording, 2_000);
    const run = runDesk(['calibrate-premium', '--data-dir', dir, '--recording', recording]);
    expect(run.code, run.stderr).toBe(0);
    const [line] = run.json();
    expect(line.source).toBe('calibrated');
    const fit = line.intensity['BTC 30-90d'];
    expect(fit.prints).toBe(2_000);
    // k's standard error is k / sqrt(N) = 0.018: within four of them; A = prints per day.
    expect(Math.abs(fit.k - K_TRUE)).toBeLessThan(4 * (K_TRUE / Math.sqrt(2_000)));
    expect(fit.A).toBeCloseTo(2_000 / DAYS, 0);
    expect(line.covariance.kept).toMatch(/3 or more needed/);
    const [current] = runDesk(['premium-params', '--data-dir', dir]).json();
    expect(current.id).toBe(line.id);
    expect(current.params.bucketIntensity['BTC 30-90d']).toEqual({ A: fit.A, k: fit.k });
  });

  it('sets each bucket and side markouts from the desk marks of its own fills, at the longest horizon', async () => {
    const dir = tempDir();
    const clock = new ManualClock(START);
    const desk = createDesk({ dataDir: dir, clock, config: { hostMode: 'cli' } });
    // Two sells picked off (the mark rose 2 and 4 vol points by 5 min), one buy the mark did not see to 5 min.
    const marked: [side: 'buy' | 'sell', price: number, at5m: number | null][] = [
      ['sell', 0.05, 0.05 + 2 * 0.0004],
      ['sell', 0.051, 0.051 + 4 * 0.0004],
      ['buy', 0.049, null],
    ];
    for (const [side, price, at5m] of marked) {
      clock.advance(1_000);
      const outcome = await dispatch(desk.handlers, 'fills.add', { instrument: INSTRUMENT, side, size: 1, price, venue: 'sim' });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      const id = (outcome.value as { id: number }).id;
      desk.fillMarks.open(id, { mark: price, vegaPrice: 0.0004, usdPerPrice: F });
      if (at5m !== null) desk.fillMarks.record(id, 4, at5m);
    }
    desk.close();
    const run = runDesk(['calibrate-premium', '--data-dir', dir]);
    expect(run.code, run.stderr).toBe(0);
    const [line] = run.json();
    expect(line.note).toMatch(/markouts of 2 marked fills in 1 buckets/);
    expect(line.markouts['BTC 30-90d'].ask).toEqual({ mean: expect.closeTo(3, 9), count: 2 });
    expect(line.markouts['BTC 30-90d'].bid).toEqual({ mean: 0, count: 0 });
    const [current] = runDesk(['premium-params', '--data-dir', dir]).json();
    expect(current.params.markouts['BTC 30-90d']).toEqual(line.markouts['BTC 30-90d']);
  });

  it('refuses when there is nothing to fit, and stores nothing', () => {
    const dir = tempDir();
    const refused = runDesk(['calibrate-premium', '--data-dir', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('nothing to calibrate');
    expect(runDesk(['premium-params', '--data-dir', dir]).json()[0].id).toBe(1);
  });
});

/**
 * Backtests from the desk through the contract, in real worker threads on a real SQLite file: a
 * short run finishes with the same numbers as the same configuration run directly (seeded, so
 * reproducible), pushing progress on the way; a long run cancelled stops at once and is stored as
 * cancelled with no result; more runs than cores are refused; a run the desk was killed during is
 * marked failed when it opens again.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { runConfigured } from '../../../electron/core/backtest/configured-run';
import { systemClock } from '../../../electron/core/clock';
import { createDesk, type Desk } from '../../../electron/core/desk';
import { BacktestStore } from '../../../electron/core/store/backtest-store';
import { openDatabase } from '../../../electron/core/store/database';
import { premiumParams } from '../../../electron/core/premium/params';
import { BacktestConfig } from '../../../shared/contract/backtest';
import { eventChannels, invokeChannels, type InvokeChannel, type ResponseOf } from '../../../shared/contract/channels';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

async function call<C extends InvokeChannel>(desk: Desk, channel: C, request: unknown): Promise<ResponseOf<C>> {
  const outcome = await dispatch(desk.handlers, channel, request);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  return invokeChannels[channel].response.parse(outcome.value) as ResponseOf<C>;
}

describe('backtests in worker threads', () => {
  it('finishes a run with the direct run’s numbers, cancels another at once, refuses a third beyond the cores', async () => {
    const dataDir = tempDir();
    const desk = createDesk({ dataDir, clock: systemClock, config: { hostMode: 'cli' } });
    const changes: { id: number; state: string; progress: number }[] = [];
    desk.events.subscribe((channel, payload) => {
      if (channel === 'backtest.changed') changes.push(eventChannels['backtest.changed'].parse(payload));
    });
    try {
      const config = { seed: 3, hours: 0.05, strategy: 'premium' as const, hedge: true, riskAversionScale: 1 };
      const short = await call(desk, 'backtest.start', config);
      expect(short).toMatchObject({ state: 'running', progress: 0, summary: null });
      const long = await call(desk, 'backtest.start', { ...config, hours: 24 });
      const third = await dispatch(desk.handlers, 'backtest.start', config);
      expect(third).toMatchObject({ ok: false, error: { code: 'invalid_request', message: '2 backtests are running: cancel one or wait for it' } });

      const done = await vi.waitFor(
        async () => {
          const [run] = (await call(desk, 'backtest.list', {})).filter((r) => r.id === short.id);
          expect(run!.state).toBe('done');
          return run!;
        },
        { timeout: 60_000, interval: 100 },
      );
      // The same configuration run here, on the same parameters: the same numbers to the last bit.
      const direct = runConfigured({ config: BacktestConfig.parse(config), params: premiumParams({}) }).summary;
      expect(done.summary).toEqual(direct);
      const path = await call(desk, 'backtest.path', { id: short.id });
      expect(path.t).toHaveLength(path.pnl.length);
      expect(path.pnl.at(-1)).toBeCloseTo(direct.pnl, 9);

      // The long one is running and says how far it is; cancelled, it stops at once.
      await vi.waitFor(() => expect(changes.some((c) => c.id === long.id && c.progress > 0)).toBe(true), { timeout: 60_000, interval: 100 });
      const cancelled = await call(desk, 'backtest.cancel', { id: long.id });
      expect(cancelled).toMatchObject({ state: 'cancelled', summary: null });
      expect(cancelled.finished).not.toBeNull();
      expect(await dispatch(desk.handlers, 'backtest.cancel', { id: long.id })).toMatchObject({ ok: false, error: { message: `backtest ${long.id} is cancelled, not running` } });
      expect(await dispatch(desk.handlers, 'backtest.path', { id: long.id })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(changes.filter((c) => c.id === short.id).at(-1)).toMatchObject({ state: 'done', progress: 1 });
    } finally {
      desk.close();
    }
  });

  it('marks a run the desk stopped during as failed when the store opens again', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    const db = openDatabase(file);
    const run = new BacktestStore(db, 1_000).start(BacktestConfig.parse({ seed: 1, hours: 1 }), 1_000);
    db.close(); // as a killed desk leaves it: 'running'
    const reopened = openDatabase(file);
    expect(new BacktestStore(reopened, 5_000).get(run.id)).toMatchObject({ state: 'failed', finished: 5_000, error: 'the desk stopped during the run', summary: null });
    reopened.close();
  });
});

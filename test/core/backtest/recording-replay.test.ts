/**
 * A recording replayed through the backtest loop, end to end on real files: a simulated session
 * recorded by the Recorder, then replayed with the premium engine in the loop on surfaces the
 * desk fits from the recorded chain. The P&L is marked to the recorded marks (checked against
 * the file's own last tickers), the attribution adds up exactly, a path repeats for its seed, and
 * the CLI runs it with a fill model.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfigured, runPath } from '../../../electron/core/backtest/configured-run';
import type { BacktestResult } from '../../../electron/core/backtest/engine-loop';
import { markUsd } from '../../../electron/core/backtest/market-source';
import type { TickerEvent } from '../../../electron/core/market/events';
import { Recording } from '../../../electron/core/market/record/recording';
import { premiumParams } from '../../../electron/core/premium/params';
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { BacktestConfig, BacktestSummary } from '../../../shared/contract/backtest';
import { runDesk } from '../../support/desk-cli';
import { SIM_START } from '../../support/sim-market';
import { recordSimSession } from '../../support/sim-recording';
const SECONDS = 240;

/** Clients many times as keen as the default calibration, so a few minutes see fills. */
const params = premiumParams({ intensity: { A: 2e6, k: 1.2 } });
let file: string;
let run: BacktestResult;
const config = (overrides: Partial<BacktestConfig> = {}) => BacktestConfig.parse({ seed: 4, hours: 24, recording: file, ...overrides });

let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-test-'));
  file = path.join(dir, 'session.sqlite');
  await recordSimSession(file, SECONDS);
  run = runPath({ config: config(), params }, 4);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a recording replayed through the backtest loop', () => {
  it('quotes the recorded market and gets filled, marked to the recorded marks', () => {
    expect(run.fills).toBeGreaterThan(5);
    expect(run.events).toBeGreaterThan(10_000);
    expect(run.path.at(-1)!.time).toBe(SIM_START + SECONDS * 1_000);
    // The book's final value from the file itself: each held option's last recorded mark.
    const last = new Map<string, TickerEvent>();
    const recording = new Recording(file);
    const cursor = recording.cursor();
    for (let event = cursor.next(); event; event = cursor.next()) if (event.type === 'ticker') last.set(event.instrument, event);
    recording.close();
    let value = 0;
    for (const [name, size] of Object.entries(run.positions)) {
      const ticker = last.get(name)!;
      const mark = { price: ticker.markPrice!, forward: ticker.underlyingPrice!, iv: ticker.markIv!, years: 0 };
      value += size * markUsd(parseInstrument(name) as OptionInstrument, mark);
    }
    expect(Object.keys(run.positions).length).toBeGreaterThan(0);
    expect(run.finalValue).toBeCloseTo(value, 6);
  });

  it('attributes every dollar: lines to the total, premium terms to the spread, greeks to the inventory', () => {
    const { attribution: a, greeks: g, terms: t } = run;
    expect(a.total).toBeCloseTo(a.spread + a.inventory + a.hedge + a.hedgeCost + a.fees, 9);
    expect(a.spread + a.inventory).toBeCloseTo(run.cash + run.finalValue, 6);
    const terms = t.base + t.inventory + t.adverse + t.liquidity + t.holding + t.tail + t.fee + t.clamp + t.rounding + t.theoVsMark;
    expect(terms).toBeCloseTo(a.spread, 6);
    expect(g.delta + g.gamma + g.vega + g.theta + g.residual).toBeCloseTo(a.inventory, 6);
    expect(t.base).toBeGreaterThan(0);
    expect(run.markouts.map((m) => m.horizonMs)).toEqual([1_000, 10_000, 60_000, 300_000]);
    expect(run.markouts[0]!.fills).toBe(run.fills);
    expect(run.path.at(-1)!.pnl).toBe(a.total);
  });

  it('repeats a path for its seed; another seed draws other client orders on the same market', () => {
    expect(runPath({ config: config(), params }, 4)).toEqual(run);
    const other = runPath({ config: config(), params }, 5);
    expect(other.events).toBe(run.events);
    expect(other.attribution.total).not.toBe(run.attribution.total);
  });

  it('summarises several paths: means, spread of P&L, Sharpe and the terminal inventory’s quantiles', () => {
    const result = runConfigured({ config: config({ paths: 3 }), params });
    const stats = result.summary.stats!;
    const pnls = result.paths!.map((p) => p.pnl);
    expect(result.paths).toHaveLength(3);
    expect(result.paths![0]!.pnl).toBe(run.attribution.total);
    expect(stats.paths).toBe(3);
    expect(stats.pnlMean).toBeCloseTo(pnls.reduce((s, p) => s + p, 0) / 3, 9);
    expect(result.summary.pnl).toBeCloseTo(stats.pnlMean, 9);
    expect(stats.pnlStd).toBeGreaterThan(0);
    expect(Number.isFinite(stats.sharpe)).toBe(true);
    const q = stats.terminalDelta;
    expect([q.p5, q.p25, q.p50, q.p75, q.p95]).toEqual([q.p5, q.p25, q.p50, q.p75, q.p95].sort((x, y) => x - y));
    expect(result.inventory!.t.at(-1)).toBe(SIM_START + SECONDS * 1_000);
    // What the desk stores and sends is what the contract describes, nothing dropped (means of counts included).
    expect(BacktestSummary.parse(JSON.parse(JSON.stringify(result.summary)))).toEqual(result.summary);
  });

  it('runs from the CLI with a fill model; a bad model or a missing file is refused with why', () => {
    const cli = runDesk(['backtest', '--recording', file, '--fill-model', 'queue', '--strategy', 'premium', '--latency-ms', '500', '--hedge-band', '10000']);
    expect(cli.code, cli.stderr).toBe(0);
    const [line] = cli.json();
    expect(line).toMatchObject({ strategy: 'premium', greeks: expect.any(Object), terms: expect.any(Object), stats: { paths: 1 } });
    // Prints are at the venue's touch, and the engine's quotes sit outside it (their liquidity term walks that book): none trades through.
    expect(line.fills).toBe(0);
    const bad = runDesk(['backtest', '--recording', file, '--fill-model', 'magic']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fill-model magic: intensity, trade-through, queue');
    const missing = runDesk(['backtest', '--recording', path.join(path.dirname(file), 'none.sqlite')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('none.sqlite: no such file');
    expect(fs.existsSync(path.join(path.dirname(file), 'none.sqlite'))).toBe(false);
  });
});

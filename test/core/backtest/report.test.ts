/**
 * Backtest reports on real parts: runs computed by the real loop and stored in a real SQLite file,
 * exported by the CLI into a CSV (read back with csv-parse: every figure exactly as stored, the
 * attribution adding up) and a self-contained HTML page (tables and one SVG line per run, no
 * scripts); files never overwritten; and the screens' recordings: only by name, inside the data
 * directory's recordings folder, replayed there by a desk worker thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { runConfigured } from '../../../electron/core/backtest/configured-run';
import { systemClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { recordingsDir } from '../../../electron/core/market/record/recordings-folder';
import { premiumParams } from '../../../electron/core/premium/params';
import { BacktestStore } from '../../../electron/core/store/backtest-store';
import { DATABASE_FILE, openDatabase } from '../../../electron/core/store/database';
import { BacktestConfig } from '../../../shared/contract/backtest';
import { invokeChannels } from '../../../shared/contract/channels';
import { runDesk } from '../../support/desk-cli';
import { SIM_START } from '../../support/sim-market';
import { recordSimSession } from '../../support/sim-recording';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 30, 12);

describe('backtest reports', () => {
  it('exports stored runs as one CSV row each and an HTML page comparing them', () => {
    const dataDir = tempDir();
    const db = openDatabase(path.join(dataDir, DATABASE_FILE));
    const store = new BacktestStore(db, NOW);
    const params = premiumParams({});
    const results = (['premium', 'symmetric'] as const).map((strategy) => {
      const config = BacktestConfig.parse({ seed: 5, hours: 0.01, strategy, paths: 2 });
      const result = runConfigured({ config, params });
      const run = store.start(config, NOW);
      store.end(run.id, NOW + 1_000, { state: 'done', result });
      return result;
    });
    const cancelled = store.start(BacktestConfig.parse({ seed: 6, hours: 1 }), NOW);
    store.end(cancelled.id, NOW + 2_000, { state: 'cancelled' });
    db.close();

    const out = path.join(tempDir(), 'reports');
    const run = runDesk(['backtest-report', '--data-dir', dataDir, '--ids', '1,2,3', '--out-dir', out]);
    expect(run.code, run.stderr).toBe(0);
    const [files] = run.json();
    expect(files).toEqual({ csv: path.join(out, 'backtests-1-2-3.csv'), html: path.join(out, 'backtests-1-2-3.html') });

    const rows = parse(fs.readFileSync(files.csv, 'utf8'), { columns: true, cast: false }) as Record<string, string>[];
    expect(rows.map((row) => [row.id, row.state, row['config.strategy'], row['config.paths']])).toEqual([
      ['1', 'done', 'premium', '2'],
      ['2', 'done', 'symmetric', '2'],
      ['3', 'cancelled', 'premium', '1'],
    ]);
    results.forEach(({ summary }, i) => {
      const row = rows[i]!;
      // Numbers in their shortest round-trip form: every stored figure comes back bit for bit.
      expect(Number(row['summary.pnl'])).toBe(summary.pnl);
      expect(Number(row['summary.stats.terminalDelta.p50'])).toBe(summary.stats!.terminalDelta.p50);
      expect(Number(row['summary.markouts.1m.mean'])).toBe(summary.markouts!.find((m) => m.horizonMs === 60_000)!.mean);
      const terms = Object.keys(summary.terms!).reduce((sum, term) => sum + Number(row[`summary.terms.${term}`]), 0);
      expect(terms).toBeCloseTo(Number(row['summary.spread']), 6);
    });
    expect(rows[2]!['summary.pnl']).toBe(''); // no result: empty, not zero

    const html = fs.readFileSync(files.html, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('#1 premium · seed 5 · 2 paths');
    expect(html).toContain('#3 premium · seed 6');
    const pnlChart = html.slice(html.indexOf('P&amp;L over time'), html.indexOf('Net delta'));
    expect(pnlChart.match(/<polyline /g)).toHaveLength(2); // the two finished runs
    expect(html).toContain(Math.abs(Math.round(results[0]!.summary.pnl)).toLocaleString('en-US'));

    const again = runDesk(['backtest-report', '--data-dir', dataDir, '--ids', '1,2,3', '--out-dir', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('never overwritten');
    const unknown = runDesk(['backtest-report', '--data-dir', dataDir, '--ids', '9', '--out-dir', tempDir()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no backtest 9');
  });

  it('replays a recording from the screens only by its name in the recordings folder', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(recordingsDir(dataDir));
    await recordSimSession(path.join(recordingsDir(dataDir), 'session.rec'), 60);
    fs.writeFileSync(path.join(recordingsDir(dataDir), 'notes.txt'), 'not a recording');
    const desk = createDesk({ dataDir, clock: systemClock, config: { hostMode: 'browser' } });
    try {
      const listed = await dispatch(desk.handlers, 'backtest.recordings', {});
      expect(listed.ok).toBe(true);
      expect(invokeChannels['backtest.recordings'].response.parse(listed.ok && listed.value)).toEqual([
        { name: 'session.rec', venue: 'sim', started: SIM_START, ended: SIM_START + 60_000, bytes: fs.statSync(path.join(recordingsDir(dataDir), 'session.rec')).size },
      ]);
      for (const recording of ['../session.rec', '/etc/passwd', 'recordings/session.rec']) {
        const refused = await dispatch(desk.handlers, 'backtest.start', { seed: 1, hours: 1, recording });
        expect(refused, recording).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { recording: expect.stringContaining('without a path') } } });
      }
      const started = await dispatch(desk.handlers, 'backtest.start', { seed: 1, hours: 1, recording: 'session.rec' });
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const id = (started.value as { id: number }).id;
      const run = await vi.waitFor(
        async () => {
          const list = await dispatch(desk.handlers, 'backtest.list', {});
          const found = (list.ok ? (list.value as { id: number; state: string; config: { recording?: string } }[]) : []).find((r) => r.id === id)!;
          expect(found.state).not.toBe('running');
          return found;
        },
        { timeout: 60_000, interval: 200 },
      );
      expect(run).toMatchObject({ state: 'done', config: { recording: 'session.rec' } }); // stored by name
    } finally {
      desk.close();
    }
  }, 90_000);
});

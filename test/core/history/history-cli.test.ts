/** `history` and `compact-history` as a user runs them: real processes on a real data directory. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { FillStore } from '../../../electron/core/store/fill-store';
import { InventoryStore, MINUTE_MS, type InventoryRow } from '../../../electron/core/store/inventory-store';
import { PremiumParamsStore } from '../../../electron/core/store/premium-params-store';
import { premiumParams } from '../../../electron/core/premium/params';
import { runDesk } from '../../support/desk-cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const DAY = 24 * 3600_000;

/** A data directory with one fill and 10 minutes of 1 s snapshots 8 days ago and 10 more 1 day ago. */
function seeded(): { dataDir: string; old: number; recent: number } {
  const dataDir = tempDir();
  const db = openDatabase(path.join(dataDir, 'desk.sqlite'));
  const paramsId = new PremiumParamsStore(db).save(premiumParams({}), Date.now(), 'default').id;
  new FillStore(db).add({ instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: 1, price: 0.05, fee: 0, time: Date.now(), venue: 'deribit', source: 'manual' }, Date.now());
  const minute = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;
  const old = minute(Date.now() - 8 * DAY);
  const recent = minute(Date.now() - DAY);
  const rows = (start: number): InventoryRow[] =>
    Array.from({ length: 600 }, (_, i) => ({
      time: start + i * 1000,
      fillId: null,
      paramsId,
      deltaUsd: i % 60,
      gammaUsd: 1,
      vega: 2,
      theta: 3,
      vanna: 4,
      volga: 5,
      realizedUsd: 6,
      unrealizedUsd: 7,
      feesUsd: 1,
      unmarked: 0,
      labels: ['delta BTC'],
      values: Float64Array.of(i),
    }));
  new InventoryStore(db).saveMany([...rows(old), ...rows(recent)]);
  db.close();
  return { dataDir, old, recent };
}

describe('the history commands', () => {
  it('prints the inventory series of a range downsampled, then the snapshots in full', () => {
    const { dataDir, recent } = seeded();
    const result = runDesk(['history', '--data-dir', dataDir, '--from', String(recent), '--to', new Date(recent + 600_000).toISOString(), '--points', '50', '--series', 'deltaUsd,netPnl']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [summary, delta, net] = result.json();
    expect(summary).toEqual({ from: recent, to: recent + 600_000, rawCount: 600 });
    expect(delta).toMatchObject({ name: 'deltaUsd', unit: 'USD per unit log-return' });
    expect(delta.t).toHaveLength(50);
    expect(Math.max(...delta.v)).toBe(59);
    expect(new Set(net.v)).toEqual(new Set([12]));

    const snapshots = runDesk(['history', '--data-dir', dataDir, '--of', 'snapshots', '--from', String(recent), '--to', String(recent + 3000)]).json();
    expect(snapshots.map((s: { time: number; detail: unknown }) => [s.time, s.detail])).toEqual([0, 1, 2].map((i) => [recent + i * 1000, { 'delta BTC': i }]));
  });

  it('compacts the old snapshots into minutes, once, leaving fills and the recent snapshots alone', () => {
    const { dataDir, old, recent } = seeded();
    const first = runDesk(['compact-history', '--data-dir', dataDir]);
    expect(first.stderr).toBe('');
    expect(first.json()).toEqual([{ cutoff: expect.any(Number), deleted: 600, minutesRolledUp: 0 }]); // rolled up as they closed
    expect(runDesk(['compact-history', '--data-dir', dataDir]).json()).toEqual([{ cutoff: expect.any(Number), deleted: 0, minutesRolledUp: 0 }]);

    // The old range now answers from its 10 minutes, each with its low and high; the recent one from its snapshots.
    const [oldSummary, oldDelta] = runDesk(['history', '--data-dir', dataDir, '--from', String(old), '--to', String(old + 600_000), '--series', 'deltaUsd']).json();
    expect(oldSummary.rawCount).toBe(600);
    expect([Math.min(...oldDelta.v), Math.max(...oldDelta.v)]).toEqual([0, 59]);
    expect(runDesk(['history', '--data-dir', dataDir, '--from', String(recent), '--to', String(recent + 600_000)]).json()[0].rawCount).toBe(600);
    expect(runDesk(['fills', '--data-dir', dataDir]).json()).toHaveLength(1);
  });

  it('says what is wrong with a bad request, with a non-zero exit', () => {
    const { dataDir } = seeded();
    const badSeries = runDesk(['history', '--data-dir', dataDir, '--series', 'delta']);
    expect(badSeries.code).toBe(2);
    expect(badSeries.stderr).toMatch(/series\.0/);
    const noInstrument = runDesk(['history', '--data-dir', dataDir, '--of', 'quotes']);
    expect(noInstrument.code).toBe(2);
    expect(noInstrument.stderr).toMatch(/--instrument/);
    expect(runDesk(['compact-history', '--data-dir', dataDir, '--older-than-days', '-1']).code).toBe(2);
    expect(runDesk(['history', '--data-dir', dataDir, '--of', 'hedges']).json()).toEqual([]);
  });
});

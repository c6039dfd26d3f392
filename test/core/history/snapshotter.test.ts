/**
 * The snapshotter's own duties on a real store: compaction at start and on its timer past the
 * retention, and a failing snapshot reported once per message without throwing at the caller
 * (a fill it follows is already committed).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { InventorySnapshotter } from '../../../electron/core/history/snapshotter';
import { premiumParams } from '../../../electron/core/premium/params';
import { openDatabase } from '../../../electron/core/store/database';
import { InventoryStore, MINUTE_MS, type InventoryRow } from '../../../electron/core/store/inventory-store';
import { PremiumParamsStore } from '../../../electron/core/store/premium-params-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 10, 30);

function setup() {
  const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
  const paramsId = new PremiumParamsStore(db).save(premiumParams({}), NOW, 'default').id;
  const totals = { deltaUsd: 1, gammaUsd: 2, vega: 3, theta: 4, vanna: 5, volga: 6, realizedUsd: 7, unrealizedUsd: 8, feesUsd: 9 };
  const row = (time: number): InventoryRow => ({ time, fillId: null, paramsId, ...totals, unmarked: 0, labels: ['delta BTC'], values: Float64Array.of(1) });
  return { db, store: new InventoryStore(db), row };
}

describe('the inventory snapshotter', () => {
  it('compacts past the retention when it starts and on its timer', async () => {
    const { db, store, row } = setup();
    const clock = new ManualClock(NOW);
    store.saveMany([...Array.from({ length: 120 }, (_, i) => row(NOW - 9 * DAY + i * 1000)), ...Array.from({ length: 120 }, (_, i) => row(NOW - 3 * DAY + i * 1000))]);
    const snapshotter = new InventorySnapshotter(store, () => null, clock, { cadenceMs: 1000, retentionDays: 7, compactEveryMs: 50 }, () => {});
    snapshotter.start();
    expect(store.firstSnapshotTime()).toBe(NOW - 3 * DAY); // the 9-day-old rows went at start
    clock.advance(5 * DAY); // now the 3-day-old ones are 8 days old: the timer takes them
    await new Promise((resolve) => setTimeout(resolve, 300));
    snapshotter.stop();
    expect(store.firstSnapshotTime()).toBe(null);
    expect(db.prepare('SELECT count(*) FROM inventory_minutes').pluck().get()).toBe(4);
    expect(db.prepare('SELECT min(minute_ms) FROM inventory_minutes').pluck().get()).toBe(Math.floor((NOW - 9 * DAY) / MINUTE_MS) * MINUTE_MS);
    db.close();
  });

  it('reports a failing snapshot once per message, never throwing at the caller', () => {
    const { db, store } = setup();
    const errors: string[] = [];
    let fail = true;
    const snapshotter = new InventorySnapshotter(
      store,
      () => {
        if (fail) throw new Error('no mark for BTC-PERPETUAL');
        return null;
      },
      new ManualClock(NOW),
      { cadenceMs: 1000, retentionDays: 7, compactEveryMs: DAY },
      (message) => errors.push(message),
    );
    expect(snapshotter.snapshot(1)).toBe(false);
    expect(snapshotter.snapshot(2)).toBe(false);
    expect(errors).toEqual(['inventory history: no mark for BTC-PERPETUAL']);
    fail = false;
    expect(snapshotter.snapshot(3)).toBe(false); // nothing to value the book on: skipped, no error
    fail = true;
    snapshotter.snapshot(4);
    expect(errors).toHaveLength(2); // the same failure again after a recovery is news again
    db.close();
  });

  it('refuses a cadence under 100 ms or a retention that is not positive', () => {
    const { db, store } = setup();
    const make = (cadenceMs: number, retentionDays: number) => new InventorySnapshotter(store, () => null, new ManualClock(NOW), { cadenceMs, retentionDays, compactEveryMs: DAY }, () => {});
    expect(() => make(10, 7)).toThrow(/at least 100 ms/);
    expect(() => make(1000, 0)).toThrow(/positive number of days/);
    db.close();
  });
});

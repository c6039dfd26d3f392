/**
 * The inventory history on real SQLite files: snapshots and their minute rollup, compaction
 * (all or nothing, idempotent, fills untouched), and the review query reading both tiers.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryHistory } from '../../../electron/core/history/inventory-history';
import { openDatabase } from '../../../electron/core/store/database';
import { FillStore } from '../../../electron/core/store/fill-store';
import { InventoryStore, MINUTE_MS, type InventoryRow } from '../../../electron/core/store/inventory-store';
import { PremiumParamsStore } from '../../../electron/core/store/premium-params-store';
import { premiumParams } from '../../../electron/core/premium/params';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 10, 1); // a whole minute
const LABELS = ['delta BTC', 'vega BTC 7-30d'];

/** A snapshot whose numbers follow from its index, so any row can be checked. */
function row(i: number, time = T0 + i * 1000, paramsId = 1): InventoryRow {
  return {
    time,
    fillId: null,
    paramsId,
    deltaUsd: Math.sin(i / 30) * 1000,
    gammaUsd: i,
    vega: -i,
    theta: 2,
    vanna: 0.5,
    volga: 0.25,
    realizedUsd: i * 0.1,
    unrealizedUsd: 10,
    feesUsd: 1,
    unmarked: 0,
    labels: LABELS,
    values: Float64Array.of(i, -i),
  };
}

function openStores() {
  const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
  new PremiumParamsStore(db).save(premiumParams({}), T0, 'default');
  return { db, store: new InventoryStore(db), fills: new FillStore(db) };
}

describe('the inventory store', () => {
  it('stores snapshots with their detail and rolls up each minute as it closes', () => {
    const { db, store } = openStores();
    store.saveMany(Array.from({ length: 150 }, (_, i) => row(i))); // 2.5 minutes
    expect(db.prepare('SELECT count(*) FROM inventory_snapshots').pluck().get()).toBe(150);
    const minutes = db.prepare('SELECT * FROM inventory_minutes ORDER BY minute_ms').all() as Record<string, number>[];
    expect(minutes.map((m) => m.minute_ms)).toEqual([T0, T0 + MINUTE_MS]); // the third minute is still open
    expect(minutes[0]).toMatchObject({ snapshots: 60, last_ms: T0 + 59_000, gamma_usd_min: 0, gamma_usd_max: 59, gamma_usd_last: 59, vega_min: -59, vega_max: 0 });
    expect(minutes[1]!.net_usd_last).toBeCloseTo(119 * 0.1 + 10 - 1, 12);
    const [stored] = store.snapshots(T0 + 42_000, T0 + 43_000, 10);
    expect(stored).toMatchObject({ time: T0 + 42_000, gammaUsd: 42, labels: LABELS });
    expect(Array.from(stored!.values)).toEqual([42, -42]);
    db.close();
  });

  it('keeps the later of two snapshots in one millisecond, and the fill it followed', () => {
    const { db, store, fills } = openStores();
    const { fill } = fills.add({ instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: 1, price: 0.05, fee: 0, time: T0, venue: 'deribit', source: 'manual' }, T0);
    store.save({ ...row(1, T0), fillId: fill.id });
    store.save(row(2, T0)); // the cadence's, in the same millisecond
    expect(store.snapshots(T0, T0 + 1, 10).map((s) => [s.gammaUsd, s.fillId])).toEqual([[2, fill.id]]);
    db.close();
  });

  it('refuses a snapshot whose detail does not match its labels, writing nothing', () => {
    const { db, store } = openStores();
    store.saveMany(Array.from({ length: 59 }, (_, i) => row(i)));
    expect(() => store.save({ ...row(61), values: Float64Array.of(1) })).toThrow(/1 values for 2 labels/);
    expect(db.prepare('SELECT count(*) FROM inventory_minutes').pluck().get()).toBe(0); // the rollup went with it
    store.save(row(61));
    expect(db.prepare('SELECT count(*) FROM inventory_minutes').pluck().get()).toBe(1); // and happens on the next good one
    db.close();
  });

  it('compacts the 1 s rows before the cutoff, all or nothing and idempotently, never touching fills', () => {
    const { db, store, fills } = openStores();
    fills.add({ instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: 1, price: 0.05, fee: 0.0003, time: T0, venue: 'deribit', source: 'manual' }, T0);
    store.saveMany(Array.from({ length: 600 }, (_, i) => row(i))); // 10 minutes
    const fillsBefore = db.prepare('SELECT * FROM fills').all();
    const positionsBefore = db.prepare('SELECT * FROM positions').all();

    const cutoff = T0 + 4 * MINUTE_MS + 30_000; // rounds down to minute 4
    expect(store.compact(cutoff)).toEqual({ deleted: 240, minutesRolledUp: 0 }); // minutes 0-8 were rolled up as they closed
    expect(store.firstSnapshotTime()).toBe(T0 + 4 * MINUTE_MS);
    const after = db.prepare('SELECT * FROM inventory_minutes ORDER BY minute_ms').all();
    expect(after).toHaveLength(9);
    expect(store.compact(cutoff)).toEqual({ deleted: 0, minutesRolledUp: 0 });
    expect(db.prepare('SELECT * FROM inventory_minutes ORDER BY minute_ms').all()).toEqual(after);
    expect(db.prepare('SELECT count(*) FROM inventory_details WHERE time_ms < ?').pluck().get(T0 + 4 * MINUTE_MS)).toBe(0);

    // Past every snapshot: the open minute is rolled up first, then nothing of the 1 s tier remains.
    expect(store.compact(T0 + 11 * MINUTE_MS)).toEqual({ deleted: 360, minutesRolledUp: 1 });
    expect(db.prepare('SELECT count(*) FROM inventory_minutes').pluck().get()).toBe(10);
    expect(db.prepare('SELECT * FROM fills').all()).toEqual(fillsBefore);
    expect(db.prepare('SELECT * FROM positions').all()).toEqual(positionsBefore);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('picks up its rollup where it left off after a reopen', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    let db = openDatabase(file);
    new PremiumParamsStore(db).save(premiumParams({}), T0, 'default');
    new InventoryStore(db).saveMany(Array.from({ length: 90 }, (_, i) => row(i)));
    db.close();
    db = openDatabase(file);
    const store = new InventoryStore(db);
    store.save(row(200)); // in minute 3: the half-full minute 1 closes now, minute 2 has no rows
    expect(db.prepare('SELECT minute_ms, snapshots FROM inventory_minutes ORDER BY minute_ms').raw().all()).toEqual([
      [T0, 60],
      [T0 + MINUTE_MS, 30],
    ]);
    db.close();
  });
});

describe('the review query', () => {
  it('answers every series at full resolution when the range has fewer snapshots than points', () => {
    const { db, store } = openStores();
    store.saveMany(Array.from({ length: 300 }, (_, i) => row(i)));
    const answer = inventoryHistory(store, { from: T0, to: T0 + 300_000, points: 2000 });
    expect(answer.rawCount).toBe(300);
    expect(answer.series.map((s) => s.name)).toEqual(['deltaUsd', 'gammaUsd', 'vega', 'theta', 'vanna', 'volga', 'realizedPnl', 'unrealizedPnl', 'fees', 'netPnl', 'paramsId']);
    const gamma = answer.series.find((s) => s.name === 'gammaUsd')!;
    expect(gamma.t).toEqual(Array.from({ length: 300 }, (_, i) => T0 + i * 1000));
    expect(gamma.v).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const net = answer.series.find((s) => s.name === 'netPnl')!;
    expect(net.v[7]).toBeCloseTo(0.7 + 10 - 1, 12);
    db.close();
  });

  it('downsamples to the points asked, keeping a spike', () => {
    const { db, store } = openStores();
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i));
    rows[12_345]!.deltaUsd = 1e6;
    store.saveMany(rows);
    const { series, rawCount } = inventoryHistory(store, { from: T0, to: T0 + 20_000_000, points: 500, series: ['deltaUsd'] });
    expect(rawCount).toBe(20_000);
    expect(series).toHaveLength(1);
    expect(series[0]!.t).toHaveLength(500);
    expect(series[0]!.v).toContain(1e6);
    db.close();
  });

  it('reads across the compacted minutes and the 1 s rows with no gap, at either resolution', () => {
    const { db, store } = openStores();
    const rows = Array.from({ length: 3600 }, (_, i) => row(i)); // an hour
    rows[600]!.deltaUsd = -5e5; // a spike in a minute that will be compacted
    store.saveMany(rows);
    store.compact(T0 + 30 * MINUTE_MS);
    const hour = { from: T0, to: T0 + 3600_000 };

    // Fine: 30 minutes from the minute tier then 1,800 snapshots.
    const fine = inventoryHistory(store, { ...hour, points: 10_000, series: ['gammaUsd', 'deltaUsd'] });
    expect(fine.rawCount).toBe(3600);
    const gamma = fine.series[0]!;
    expect(gamma.t.filter((t) => t >= T0 + 30 * MINUTE_MS)).toHaveLength(1800);
    for (let m = 0; m < 30; m++) {
      // Each compacted minute still shows its range: gamma rose from 60m to 60m + 59.
      const inMinute = gamma.v.filter((_, k) => gamma.t[k]! >= T0 + m * MINUTE_MS && gamma.t[k]! < T0 + (m + 1) * MINUTE_MS);
      expect([Math.min(...inMinute), Math.max(...inMinute)]).toEqual([60 * m, 60 * m + 59]);
    }
    expect(fine.series[1]!.v).toContain(-5e5);
    for (let k = 1; k < gamma.t.length; k++) expect(gamma.t[k]!).toBeGreaterThan(gamma.t[k - 1]!);

    // Coarse (a chart point over a minute): the minute tier, and the open minute from the 1 s rows.
    const coarse = inventoryHistory(store, { ...hour, points: 40, series: ['deltaUsd', 'gammaUsd'] });
    expect(coarse.rawCount).toBe(3600);
    expect(coarse.series[0]!.v).toContain(-5e5);
    expect(coarse.series[1]!.v[0]).toBe(0);
    expect(coarse.series[1]!.v.at(-1)).toBe(3599); // the last snapshot, from the open minute
    db.close();
  });
});

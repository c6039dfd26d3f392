/**
 * A store with a bit of everything the history holds: fills whose notes need CSV quoting (commas,
 * quotes, newlines, '' as opposed to NULL), awkward floats, a calibration with a null slice, and
 * inventory snapshots across a minute (so the minute tier and its detail BLOB have a row).
 */
import type Database from 'better-sqlite3';
import { DROP_REASONS } from '../../electron/core/surface/chain';
import { premiumParams } from '../../electron/core/premium/params';
import { FillStore, type FillToStore } from '../../electron/core/store/fill-store';
import { InventoryStore } from '../../electron/core/store/inventory-store';
import { PremiumParamsStore } from '../../electron/core/store/premium-params-store';
import { SurfaceStore } from '../../electron/core/store/surface-store';
import { USER_TABLES_SQL } from '../../electron/core/store/history-csv';

export const T0 = Date.UTC(2024, 10, 1);

export function seedStore(db: Database.Database): void {
  const fills = new FillStore(db);
  const notes = [undefined, '', 'plain', 'comma, inside', 'a "quoted" word', 'two\nlines', 'crlf\r\nend', 'ünïcødé ₿'];
  const batch: FillToStore[] = notes.map((note, i) => ({
    instrument: i % 2 ? 'BTC-27DEC24-60000-C' : 'ETH-27DEC24-3000-P',
    side: i % 3 ? 'buy' : 'sell',
    size: 0.1 * (i + 1), // 0.30000000000000004 and friends: must come back bit for bit
    price: 1 / (i + 3),
    fee: i === 4 ? -0.00001 : 0.0003,
    time: T0 + i * 1000,
    venue: 'deribit',
    source: 'import',
    venueTradeId: i === 0 ? undefined : `T-${i}`,
    note,
  }));
  const stored = fills.addAll(batch, T0 + 60_000);
  const paramsId = new PremiumParamsStore(db).save(premiumParams({}), T0, 'default').id;
  new InventoryStore(db).saveMany(
    [0, 30_000, 61_000].map((offset, i) => ({
      time: T0 + offset,
      fillId: i === 0 ? stored[0]!.id : null,
      paramsId,
      deltaUsd: 0.1 + 0.2 * i, // floats that must survive the CSV bit for bit
      gammaUsd: -1 / 3,
      vega: 1e-300,
      theta: -0,
      vanna: 2 ** 53 + 2,
      volga: Math.PI,
      realizedUsd: i,
      unrealizedUsd: -i,
      feesUsd: 0.0003,
      unmarked: i,
      labels: ['delta BTC', 'vega BTC 7-30d'],
      values: Float64Array.of(1 / 7, -i),
    })),
  );
  const dropped = Object.fromEntries(DROP_REASONS.map((reason, i) => [reason, i])) as Record<(typeof DROP_REASONS)[number], number>;
  new SurfaceStore(db).record({
    venue: 'deribit',
    underlying: 'BTC',
    settlement: 'inverse',
    inputsTime: T0,
    calibratedAt: T0 + 5,
    source: 'bid_ask',
    warm: false,
    durationMs: 12.5,
    slices: [
      {
        expiry: T0 + 86_400_000,
        T: 1 / 365,
        forward: 61234.5,
        svi: { a: 0.01, b: 0.1, rho: -0.3, m: 0.02, sigma: 0.15 },
        model: 'svi',
        nUsed: 20,
        nDropped: 3,
        dropped,
        rmseVolPts: 0.12,
        withinBidAsk: 0.95,
        arbitrage: { butterfly: false, calendar: false },
      },
      {
        expiry: T0 + 7 * 86_400_000,
        T: 7 / 365,
        forward: 61500,
        svi: null,
        model: null,
        nUsed: 2,
        nDropped: 9,
        dropped,
        rmseVolPts: null,
        withinBidAsk: null,
        arbitrage: { butterfly: false, calendar: false },
      },
    ],
  });
}

/** Every user table's rows, in rowid order: what a round trip must reproduce exactly. */
export function dumpTables(db: Database.Database): Record<string, unknown[]> {
  const tables = db.prepare(USER_TABLES_SQL).pluck().all() as string[];
  return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

export function rowCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare(USER_TABLES_SQL).pluck().all() as string[];
  return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]));
}

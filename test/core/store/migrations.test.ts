import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { migrate, MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError, schemaVersion, type Migration } from '../../../electron/core/store/migrations';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('the store schema', () => {
  it('migrates an empty file to the current version with WAL, FULL sync and foreign keys', () => {
    const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['fills', 'positions']));
    db.close();
  });

  it('is idempotent: reopening runs nothing again', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer desk, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'desk.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    future.exec('CREATE TABLE from_the_future (x)');
    future.close();

    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer than this desk understands/);
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'fills'").pluck().get()).toBe(0);
    after.close();
  });

  it('runs each migration whole or not at all', () => {
    const db = new Database(path.join(tempDir(), 'desk.sqlite'));
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, description: 'half good', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('upgrades a database created at every earlier version, keeping its rows', () => {
    // Rows a desk at each version could have written; a new migration must add its own here.
    const ROWS_AT: Record<number, string> = {
      1: `INSERT INTO fills (id, instrument, side, size, price, fee, time_ms, venue, source, venue_trade_id, note, recorded_at_ms)
            VALUES (1, 'BTC-27DEC24-60000-C', 'buy', 2, 0.05, 0.0003, 1700000000000, 'deribit', 'import', 'T-1', NULL, 1700000000001);
          INSERT INTO positions VALUES ('BTC-27DEC24-60000-C', 'BTC', 2, 0.05, 0, 0.0003, 1, 1700000000000);`,
      2: `INSERT INTO surface_calibrations VALUES (1, 'deribit', 'BTC', 1700000000000, 1700000000005, 'mark', 0, 3.5);
          INSERT INTO surface_slices VALUES (1, 1700086400000, 0.00274, 61000, 'svi', 0.01, 0.1, -0.3, 0.02, 0.15, 20, 1, '{}', 0.1, NULL, 0, 0);`,
      3: `INSERT INTO premium_params VALUES (1, 1700000000000, 'default', NULL, '{}');
          INSERT INTO quotes VALUES (1, 1700000000000, 'BTC-27DEC24-60000-C', 1, 1, 0.05, 0.6, 0.049, 0.051, NULL, NULL, zeroblob(144));`,
      4: `INSERT INTO hedge_suggestions VALUES (1, 1700000000000, 'delta', 'BTC-PERPETUAL', 'sell', 10, 60000, 3, 500, 200);
          INSERT INTO hedge_dismissals VALUES (1, 1700000000100, 'band too wide');`,
      5: `INSERT INTO inventory_layouts VALUES (1, '["delta BTC"]');
          INSERT INTO inventory_snapshots VALUES (1700000000000, 1, 1, 100, 2, -30, -5, 0.1, 0.2, 0.001, 0.002, 0.0003, 0);
          INSERT INTO inventory_details VALUES (1700000000000, 1, zeroblob(8));
          INSERT INTO inventory_minutes VALUES (1699999980000, 3, 1700000000000, 1, 0, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1.5, 2.5, 2, 1, zeroblob(8));`,
      6: `INSERT INTO backtest_runs VALUES (1, 1700000000000, 1700000060000, '{"seed":1,"hours":1,"strategy":"premium","hedge":true,"riskAversionScale":1}', 'done', NULL, '{"summary":{},"t":[],"pnl":[]}');
          INSERT INTO backtest_runs VALUES (2, 1700000100000, 1700000110000, '{"seed":1,"hours":24,"strategy":"symmetric","hedge":true,"riskAversionScale":1}', 'cancelled', NULL, NULL);`,
      7: `INSERT INTO fill_marks VALUES (1, 0.0004, 61000, 0.0501, 0.0502, NULL, NULL, NULL, NULL);`,
      8: `INSERT INTO fills (id, instrument, side, size, price, fee, time_ms, venue, source, venue_trade_id, note, recorded_at_ms)
            VALUES (2, 'BTC-27DEC24-60000-C', 'sell', 1, 0.06, 0.0003, 1700000100000, 'desk', 'manual', NULL, 'by hand', 1700000100001);`,
      9: `INSERT INTO surface_calibrations VALUES (2, 'bybit', 'BTC', 1700000000000, 1700000000005, 'bid_ask', 1, 2.5, 'linear_usdt');`,
    };
    expect(Object.keys(ROWS_AT).map(Number)).toEqual(MIGRATIONS.map((migration) => migration.version));

    const fresh = openDatabase(path.join(tempDir(), 'fresh.sqlite'));
    const schemaOf = (db: Database.Database) => db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();
    const currentSchema = schemaOf(fresh);
    fresh.close();

    for (let version = 0; version < SCHEMA_VERSION; version++) {
      const file = path.join(tempDir(), `at-${version}.sqlite`);
      const old = new Database(file);
      migrate(old, MIGRATIONS.slice(0, version));
      for (let v = 1; v <= version; v++) old.exec(ROWS_AT[v]!);
      // Each table's rows in the columns it had (a later migration may add columns to it).
      const rowsBefore = Object.fromEntries(
        (old.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).map((table) => {
          const columns = (old.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).join(', ');
          return [table, { columns, rows: old.prepare(`SELECT ${columns} FROM ${table}`).all() }];
        }),
      );
      old.close();

      const upgraded = openDatabase(file);
      expect(schemaVersion(upgraded), `from version ${version}`).toBe(SCHEMA_VERSION);
      expect(schemaOf(upgraded), `schema upgraded from version ${version}`).toEqual(currentSchema);
      for (const [table, { columns, rows }] of Object.entries(rowsBefore)) expect(upgraded.prepare(`SELECT ${columns} FROM ${table}`).all(), `${table} from ${version}`).toEqual(rows);
      expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');
      upgraded.close();
    }
  });

  it('refuses migrations numbered out of order', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, description: 'skips one', sql: 'SELECT 1' }])).toThrow(/migration 1 is numbered 2/);
    db.close();
  });
});

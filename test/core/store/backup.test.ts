/**
 * Backups and the open export on real SQLite files: an online backup taken during writes is
 * whole and checked; restore refuses anything that fails the check and never touches the live
 * file then; export/import round-trips every table exactly and refuses bad lines all or nothing.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { backupDatabase, BackupRejectedError, checkBackup, restoreDatabase } from '../../../electron/core/store/backup';
import { BackupScheduler } from '../../../electron/core/store/backup-schedule';
import { openDatabase } from '../../../electron/core/store/database';
import { FillStore } from '../../../electron/core/store/fill-store';
import { exportHistory } from '../../../electron/core/store/history-export';
import { importHistory, ImportRejectedError } from '../../../electron/core/store/history-import';
import { MANIFEST_FILE } from '../../../electron/core/store/history-csv';
import { SCHEMA_VERSION } from '../../../electron/core/store/migrations';
import { runDesk } from '../../support/desk-cli';
import { dumpTables, rowCounts, seedStore, T0 } from '../../support/seeded-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function seeded() {
  const file = path.join(tempDir(), 'desk.sqlite');
  const db = openDatabase(file);
  seedStore(db);
  return { db, file };
}

describe('online backup', () => {
  it('copies a consistent store while fills keep arriving, and the copy passes the check', async () => {
    const { db } = seeded();
    const store = new FillStore(db);
    const out = path.join(tempDir(), 'nested', 'b.sqlite');
    const backup = backupDatabase(db, out);
    for (let i = 0; i < 200; i++) store.add({ instrument: 'BTC-PERPETUAL', side: 'buy', size: 10, price: 60000, fee: 0, time: T0 + i, venue: 'manual', source: 'manual' }, T0);
    const result = await backup;
    expect(result).toMatchObject({ file: out, schemaVersion: SCHEMA_VERSION });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['b.sqlite']); // no -wal, no .partial left beside it
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const fills = copy.prepare('SELECT count(*) FROM fills').pluck().get() as number;
    const positions = copy.prepare("SELECT fill_count FROM positions WHERE instrument = 'BTC-PERPETUAL'").pluck().get() as number | undefined;
    expect(fills - 8).toBe(positions ?? 0); // a fill and its position are in the copy together or not at all
    copy.close();
    await expect(backupDatabase(db, out)).rejects.toThrow(/refusing to overwrite/);
    db.close();
  });

  it('keeps the newest N scheduled backups', async () => {
    const { db } = seeded();
    const clock = new ManualClock(T0);
    const dir = path.join(tempDir(), 'backups');
    const scheduler = new BackupScheduler(db, dir, { intervalMs: 60_000, keep: 3 }, clock, (error) => {
      throw error;
    });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await scheduler.backupNow()).file);
      clock.advance(60_000);
    }
    expect(scheduler.list()).toEqual(made.slice(2));
    expect(() => new BackupScheduler(db, dir, { intervalMs: 10, keep: 3 }, clock, () => {})).toThrow(/at least 1 s/);
    db.close();
  });

  it('backs up on its timer until stopped', async () => {
    const { db } = seeded();
    const dir = path.join(tempDir(), 'backups');
    const failures: unknown[] = [];
    const scheduler = new BackupScheduler(db, dir, { intervalMs: 1000, keep: 10 }, { now: () => Date.now() }, (error) => failures.push(error));
    scheduler.start();
    await expect.poll(() => scheduler.list().length, { timeout: 10_000, interval: 200 }).toBeGreaterThanOrEqual(2);
    scheduler.stop();
    const made = scheduler.list().length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(scheduler.list().length).toBe(made);
    expect(failures).toEqual([]);
    for (const file of scheduler.list()) expect(checkBackup(file).schemaVersion).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('restore with a check', () => {
  it('swaps a good backup in and keeps the previous database aside', async () => {
    const { db, file } = seeded();
    const backupFile = (await backupDatabase(db, path.join(tempDir(), 'good.sqlite'))).file;
    const before = dumpTables(db);
    new FillStore(db).add({ instrument: 'BTC-PERPETUAL', side: 'sell', size: 1, price: 1, fee: 0, time: T0, venue: 'manual', source: 'manual' }, T0);
    db.close();

    const result = restoreDatabase(file, backupFile, T0);
    expect(result.previous).toMatch(/desk\.sqlite\.before-restore-2024-11-01T00-00-00-000Z$/);
    expect(fs.existsSync(`${file}-wal`)).toBe(false); // the old WAL went aside with its database
    const restored = openDatabase(file);
    expect(dumpTables(restored)).toEqual(before);
    restored.close();
    const previous = new Database(result.previous!, { readonly: true });
    expect(previous.prepare('SELECT count(*) FROM fills').pluck().get()).toBe(9);
    previous.close();
  });

  it.each([
    ['a corrupted page', (file: string) => {
      const bytes = fs.readFileSync(file);
      const page = 4096;
      for (let i = page * 2; i < page * 3; i++) bytes[i] = (i * 7919) & 0xff; // garbage over a b-tree page
      fs.writeFileSync(file, bytes);
    }, /integrity_check failed|malformed|not a database/],
    ['a file that is not a database', (file: string) => fs.writeFileSync(file, 'id,instrument\n1,BTC\n'), /not a database|file is not a database/],
    ['a truncated copy', (file: string) => fs.truncateSync(file, 4096 + 100), /integrity_check failed|malformed|not a database/],
    ['a database from a newer desk', (file: string) => {
      const db = new Database(file);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
    }, /newer than this desk/],
    ['a database that is not the desk', (file: string) => {
      fs.rmSync(file);
      const db = new Database(file);
      db.exec('CREATE TABLE other (x)');
      db.pragma('user_version = 1');
      db.close();
    }, /no fills table/],
  ])('refuses %s and leaves the live file untouched', async (_name, spoil, reason) => {
    const { db, file } = seeded();
    const candidate = (await backupDatabase(db, path.join(tempDir(), 'candidate.sqlite'))).file;
    db.close();
    const live = sha256(file);
    spoil(candidate);
    expect(() => restoreDatabase(file, candidate, T0)).toThrow(BackupRejectedError);
    expect(() => checkBackup(candidate)).toThrow(reason);
    expect(sha256(file)).toBe(live);
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.includes('restor'))).toEqual([]);
  });
});

describe('export and import (CSV per table)', () => {
  it('round-trips every table exactly: NULL and empty text, quotes, newlines, floats bit for bit', () => {
    const { db } = seeded();
    const out = path.join(tempDir(), 'export');
    const manifest = exportHistory(db, out, T0);
    expect(manifest.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]))).toEqual(rowCounts(db));
    expect(fs.readFileSync(path.join(out, 'fills.csv'), 'utf8')).toContain('"a ""quoted"" word"'); // RFC 4180 doubling
    expect(() => exportHistory(db, out, T0)).toThrow(/not empty/);

    const target = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    const counts = importHistory(target, out);
    expect(counts).toEqual(rowCounts(db));
    expect(dumpTables(target)).toEqual(dumpTables(db));
    expect(() => importHistory(target, out)).toThrow(/already has rows/);
    db.close();
    target.close();
  });

  it('reports every malformed line by table and line and writes nothing', () => {
    const { db } = seeded();
    const out = path.join(tempDir(), 'export');
    exportHistory(db, out, T0);
    db.close();
    const fillsCsv = path.join(out, 'fills.csv');
    const lines = fs.readFileSync(fillsCsv, 'utf8').split('\r\n');
    // Line 1 is the header; the first fill (no note, no trade id) is a one-line record.
    lines[1] = lines[1]!.replace(/^1,/, 'one,'); // line 2: text in the INTEGER id
    lines.splice(2, 0, '99,"BTC-27DEC24-60000-C","buy",-1,0.1,0,1,"x","manual",,,1'); // line 3: breaks CHECK (size > 0)
    lines.splice(3, 0, '100,"BTC-27DEC24-60000-C","buy"'); // line 4: too few fields
    lines.splice(4, 0, '101,"BTC-PERPETUAL","buy",1,1,0,1,"x","manual",,"unterminated,1'); // line 5..: an open quote swallows the rest
    fs.writeFileSync(fillsCsv, lines.join('\r\n'));
    const slicesCsv = path.join(out, 'surface_slices.csv');
    fs.appendFileSync(slicesCsv, '1,1,NaN,1,"svi",1,1,1,1,1,1,1,"{}",,,0,0\r\n');

    const target = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    const error = (() => {
      try {
        importHistory(target, out);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ImportRejectedError);
    const problems = (error as ImportRejectedError).problems;
    expect(problems).toContainEqual({ table: 'fills', line: 2, message: expect.stringMatching(/id: "one" is not a finite number/) });
    expect(problems).toContainEqual({ table: 'fills', line: 3, message: expect.stringMatching(/CHECK constraint failed/) });
    expect(problems).toContainEqual({ table: 'fills', line: 4, message: '3 fields, expected 12' });
    expect(problems.some((p) => p.table === 'fills' && p.line >= 5 && /malformed CSV|Quote Not Closed/i.test(p.message))).toBe(true);
    expect(problems).toContainEqual(expect.objectContaining({ table: 'surface_slices', message: expect.stringMatching(/t_years: "NaN" is not a finite number/) }));
    expect((error as Error).message).toMatch(/nothing was written/);
    expect(Object.values(rowCounts(target)).every((n) => n === 0)).toBe(true);
    target.close();
  });

  it('refuses positions that do not follow from the imported fills (the desk rebuilds and compares)', () => {
    const { db } = seeded();
    const out = path.join(tempDir(), 'export');
    exportHistory(db, out, T0);
    db.close();
    const positionsCsv = path.join(out, 'positions.csv');
    const [header, first, ...rest] = fs.readFileSync(positionsCsv, 'utf8').split('\r\n');
    const cells = first!.split(',');
    cells[2] = String(Number(cells[2]) + 1); // one more contract than the fills give
    fs.writeFileSync(positionsCsv, [header, cells.join(','), ...rest].join('\r\n'));

    const desk = createDesk({ dataDir: tempDir(), clock: new ManualClock(T0), config: { hostMode: 'cli' } });
    expect(() => desk.importHistory(out)).toThrow(new RegExp(`positions: ${JSON.parse(cells[0]!)} does not follow from its fills`));
    expect(desk.fills.count()).toBe(0);
    expect(desk.fills.positions()).toEqual([]);
    desk.close();
  });

  it('refuses an export of another schema version or a manifest that lies about its rows', () => {
    const { db } = seeded();
    const out = path.join(tempDir(), 'export');
    exportHistory(db, out, T0);
    db.close();
    const manifestFile = path.join(out, MANIFEST_FILE);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const target = openDatabase(path.join(tempDir(), 'desk.sqlite'));

    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, schemaVersion: SCHEMA_VERSION + 1 }));
    expect(() => importHistory(target, out)).toThrow(/schema version/);
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, tables: manifest.tables.map((t: { rows: number }) => ({ ...t, rows: t.rows + 1 })) }));
    expect(() => importHistory(target, out)).toThrow(/promises \d+ rows/);
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, tables: [{ ...manifest.tables[0], file: '../../etc/passwd' }] }));
    expect(() => importHistory(target, out)).toThrow(/plain file name/);
    expect(Object.values(rowCounts(target)).every((n) => n === 0)).toBe(true);
    target.close();
  });
});

describe('the backup commands', () => {
  it('backup, restore, export and import from the CLI', () => {
    const dataDir = tempDir();
    const added = runDesk(['add-fills', '--data-dir', dataDir], '{"instrument":"BTC-PERPETUAL","side":"buy","size":10,"price":60000}\n');
    expect(added.code).toBe(0);
    const backupFile = path.join(tempDir(), 'b.sqlite');
    const backup = runDesk(['backup', '--data-dir', dataDir, '--out', backupFile]);
    expect(backup.json()).toEqual([{ file: backupFile, bytes: expect.any(Number), schemaVersion: SCHEMA_VERSION }]);
    const onDemand = runDesk(['backup', '--data-dir', dataDir]).json()[0];
    expect(onDemand.file).toMatch(new RegExp(`^${dataDir}/backups/desk-.*\\.sqlite$`));

    runDesk(['add-fills', '--data-dir', dataDir], '{"instrument":"BTC-PERPETUAL","side":"buy","size":10,"price":61000}\n');
    const exportDir = path.join(tempDir(), 'export');
    expect(runDesk(['export', '--data-dir', dataDir, '--out', exportDir]).json()[0]).toMatchObject({ rows: { fills: 2, positions: 1 } });

    const restored = runDesk(['restore', '--data-dir', dataDir, '--from', backupFile]);
    expect(restored.code).toBe(0);
    expect(runDesk(['fills', '--data-dir', dataDir]).json()).toHaveLength(1);
    const bad = runDesk(['restore', '--data-dir', dataDir, '--from', path.join(exportDir, 'fills.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a usable desk backup/);

    const fresh = tempDir();
    expect(runDesk(['import', '--data-dir', fresh, '--from', exportDir]).json()).toEqual([{ imported: { fills: 2, positions: 1, surface_calibrations: 0, surface_slices: 0, premium_params: 0, quotes: 0, hedge_suggestions: 0, hedge_acceptances: 0, hedge_dismissals: 0, inventory_layouts: 0, inventory_snapshots: 0, inventory_details: 0, inventory_minutes: 0, backtest_runs: 0, fill_marks: 0 } }]);
    expect(runDesk(['positions', '--data-dir', fresh]).json()).toEqual([expect.objectContaining({ instrument: 'BTC-PERPETUAL', size: 20 })]);
    const again = runDesk(['import', '--data-dir', fresh, '--from', exportDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/fills: the table already has rows/);
    expect(runDesk(['restore', '--data-dir', fresh]).stderr).toMatch(/--from is required/);
  }, 180_000); // a dozen CLI processes: slow on a loaded 2-core machine
});

/**
 * Online backups through SQLite's backup API (better-sqlite3's db.backup copies page by page
 * while the desk keeps writing), a check of any candidate file before it is trusted, and a
 * restore that swaps a checked copy in, never the live file with a bad one.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_VERSION, schemaVersion } from './migrations';

/** The Electron host opens SQLite files with its own ABI's build (database.ts, OpenOptions). */
export interface BackupFileOptions {
  nativeBinding?: string;
}

const fileOptions = (options: BackupFileOptions) => (options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});

export interface CheckedBackup {
  file: string;
  bytes: number;
  schemaVersion: number;
}

/** A file that must not become the desk's database, with the reason a user can act on. */
export class BackupRejectedError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} is not a usable desk backup: ${reason}`);
    this.name = 'BackupRejectedError';
  }
}

/**
 * Open a candidate read-only and check it whole: SQLite's integrity_check (every page, index and
 * constraint), a schema version this desk can open (older ones migrate on open), and the fills table.
 */
export function checkBackup(file: string, options: BackupFileOptions = {}): CheckedBackup {
  if (!fs.existsSync(file)) throw new BackupRejectedError(file, 'no such file');
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...fileOptions(options) });
  } catch (error) {
    throw new BackupRejectedError(file, (error as Error).message);
  }
  try {
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const found = problems.map((row) => row.integrity_check);
    if (found.length !== 1 || found[0] !== 'ok') throw new BackupRejectedError(file, `integrity_check failed: ${found.slice(0, 5).join('; ')}`);
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new BackupRejectedError(file, `schema version ${version} is newer than this desk's ${SCHEMA_VERSION}`);
    if (version < 1 || !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fills'").get()) {
      throw new BackupRejectedError(file, 'it holds no desk schema (no fills table)');
    }
    return { file, bytes: fs.statSync(file).size, schemaVersion: version };
  } catch (error) {
    if (error instanceof BackupRejectedError) throw error;
    throw new BackupRejectedError(file, (error as Error).message); // SQLITE_NOTADB, SQLITE_CORRUPT, ...
  } finally {
    db.close();
  }
}

/**
 * Copy the live database to `outFile` while it stays open for writes. The copy is written beside
 * its final name and renamed only once it has passed the check, so a crash mid-backup never leaves
 * a half file that looks like a backup. The copy is switched to a rollback journal: one
 * self-contained file, no -wal beside it.
 */
export async function backupDatabase(db: Database.Database, outFile: string, options: BackupFileOptions = {}): Promise<CheckedBackup> {
  const target = path.resolve(outFile);
  if (fs.existsSync(target)) throw new Error(`refusing to overwrite ${target}: choose another --out`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    await db.backup(partial);
    const copy = new Database(partial, fileOptions(options));
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    checkBackup(partial, options);
    fs.renameSync(partial, target);
  } catch (error) {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) fs.rmSync(leftover, { force: true });
    throw error;
  }
  return { file: target, bytes: fs.statSync(target).size, schemaVersion: schemaVersion(db) };
}

export interface RestoreResult extends CheckedBackup {
  /** Where the database that was live before the restore was moved (never deleted). */
  previous: string | null;
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * Replace the database at `liveFile` with the backup `fromFile`; the desk must not have it open.
 * The backup is checked, copied beside the live file, the copy checked again (a copy can fail
 * too), and only then renamed over it. The previous database moves aside with its WAL, so its
 * unflushed pages can never be replayed onto the restored file.
 */
export function restoreDatabase(liveFile: string, fromFile: string, now: number, options: BackupFileOptions = {}): RestoreResult {
  checkBackup(fromFile, options);
  const live = path.resolve(liveFile);
  fs.mkdirSync(path.dirname(live), { recursive: true });
  const incoming = `${live}.restoring`;
  fs.rmSync(incoming, { force: true });
  fs.copyFileSync(fromFile, incoming);
  let checked: CheckedBackup;
  try {
    checked = checkBackup(incoming, options);
  } catch (error) {
    fs.rmSync(incoming, { force: true });
    throw error;
  }
  let previous: string | null = null;
  if (fs.existsSync(live)) {
    previous = `${live}.before-restore-${stamp(now)}`;
    for (const suffix of ['', ...SIDE_FILES]) {
      if (fs.existsSync(live + suffix)) fs.renameSync(live + suffix, previous + suffix);
    }
  }
  fs.renameSync(incoming, live);
  return { ...checked, file: live, previous };
}

/** A sortable, filename-safe UTC time: 2024-11-01T12-00-00-000Z. */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

/**
 * Opening the desk's SQLite file: WAL for concurrent readers, synchronous=FULL so an acknowledged
 * fill survives power loss, foreign keys on (SQLite leaves them off by default), then migrations.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate, SchemaTooNewError } from './migrations';
import { StoreOpenError } from './storage-error';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron's differs from Node's). */
  nativeBinding?: string;
  readonly?: boolean;
}

export const DATABASE_FILE = 'desk.sqlite';

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  try {
    return open(file, options);
  } catch (error) {
    if (error instanceof SchemaTooNewError) throw error;
    throw new StoreOpenError(file, error);
  }
}

function open(file: string, options: OpenOptions): Database.Database {
  if (!options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      // 16 KiB pages for a new file (an existing one keeps its own): a million-fill ingest writes
      // its table and three indexes in a quarter of the pages, 15-20% faster than SQLite's 4 KiB.
      db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

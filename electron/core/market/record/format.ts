/**
 * A recording file: its own SQLite database (not the desk's store), marked with an application_id
 * and versioned by user_version. Events are numbered in arrival order (seq, from 1) and stored a
 * block per row (block.ts: each event's kind, venue and instrument ids, time and packed payload,
 * codec.ts), with the block's first and last seq and time as columns; a header row says where the
 * session came from; listings keep the venue's trading terms so a replay can answer instruments().
 *
 * Version 1 (still read, recording.ts) stored one row per event: `events (seq INTEGER PRIMARY KEY,
 * time_ms, kind, venue, instrument, payload)`, the same payload as today's blocks carry.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/** 'DSKR': tells a recording from the desk's store or any other SQLite file. */
export const RECORDING_APPLICATION_ID = 0x44534b52;
/** The format this code writes and reads; bumped (with a reader for the old one) whenever it changes. */
export const RECORDING_VERSION = 2;

const SCHEMA = `
  CREATE TABLE header (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    venue         TEXT    NOT NULL,
    started_ms    INTEGER NOT NULL,
    ended_ms      INTEGER,
    params        TEXT    NOT NULL,
    desk_version  TEXT    NOT NULL
  );
  CREATE TABLE venues (
    id    INTEGER PRIMARY KEY,
    name  TEXT    NOT NULL UNIQUE
  );
  -- Instrument names, and (is_index = 1) the coins whose index events name them; first_seq is
  -- the seq of the first event naming it (NULL: listed, never an event).
  CREATE TABLE instruments (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    is_index   INTEGER NOT NULL CHECK (is_index IN (0, 1)),
    first_seq  INTEGER,
    UNIQUE (name, is_index)
  );
  -- The venue's listing as of a time; NULL where the venue gave no number.
  CREATE TABLE listings (
    time_ms           INTEGER NOT NULL,
    instrument        INTEGER NOT NULL REFERENCES instruments (id),
    contract_size     REAL,
    min_trade_amount  REAL,
    tick_size         REAL,
    PRIMARY KEY (time_ms, instrument)
  );
  -- Events first_seq..last_seq in arrival order, one block per commit (block.ts); the times
  -- are the first and last event's, ms (a fractional one kept as a REAL by the affinity).
  CREATE TABLE blocks (
    first_seq  INTEGER PRIMARY KEY,
    last_seq   INTEGER NOT NULL CHECK (last_seq >= first_seq),
    first_ms   INTEGER NOT NULL,
    last_ms    INTEGER NOT NULL,
    events     BLOB    NOT NULL
  );
`;

export class RecordingFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'RecordingFormatError';
  }
}

/** A new recording file (refuses to overwrite one), in WAL mode, schema in place. */
export function createRecordingFile(file: string): Database.Database {
  if (fs.existsSync(file)) throw new RecordingFormatError(file, 'already exists; a recording is never overwritten');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // WAL: a batch is one transaction appended to the log, so a crash loses at most the batch
    // being written and leaves the file readable; FULL syncs each committed batch to disk.
    // Large pages: rows are only ever appended, so fewer, fuller pages mean fewer B-tree splits
    // (about +30% rows/s here). page_size takes effect only before the first write and WAL.
    db.pragma('page_size = 65536');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // foreign_keys stays off: the recorder writes each id before its first use, and checking
    // two parent keys per appended row would cost a good part of the rows per second.
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`application_id = ${RECORDING_APPLICATION_ID}`);
      db.pragma(`user_version = ${RECORDING_VERSION}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** An existing recording, read-only, and its format version; refuses what is not a recording or is newer than this code. */
export function openRecordingFile(file: string): { db: Database.Database; version: number } {
  if (!fs.existsSync(file)) throw new RecordingFormatError(file, 'no such file');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (applicationId(db, file) !== RECORDING_APPLICATION_ID) throw new RecordingFormatError(file, 'not a desk recording');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > RECORDING_VERSION) {
      throw new RecordingFormatError(file, `recording format version ${version} is newer than this desk reads (${RECORDING_VERSION}); upgrade the desk to replay it`);
    }
    if (version < 1) throw new RecordingFormatError(file, `recording format version ${version} is unknown`);
    // Blocks are read through a memory map rather than read() calls into SQLite's page cache: a
    // replay reads every block once, and the copies cost a fifth of the replay's first pass (1 GiB
    // of address space; a recording is only ever appended to, never truncated under a reader).
    db.pragma(`mmap_size = ${2 ** 30}`);
    return { db, version };
  } catch (error) {
    db.close();
    throw error;
  }
}

function applicationId(db: Database.Database, file: string): number {
  try {
    return db.pragma('application_id', { simple: true }) as number;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new RecordingFormatError(file, 'not a desk recording (not even an SQLite file)');
    throw error;
  }
}

/**
 * Records a session: `append` is a MarketListener, to be handed to any venue's subscribe. Events
 * go into the open batch, packed into one block (block.ts) that is written and committed, one
 * SQLite transaction, every `batchSize` events and at least every `flushMs`, so a crash loses at
 * most that batch and the file stays readable (format.ts). close() commits the rest, stamps the
 * end and folds the write-ahead log back into the one file.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { APP_VERSION } from '../../version';
import type { MarketEvent, MarketListener } from '../events';
import type { ListedInstrument } from '../venue';
import { BlockWriter } from './block';
import { KINDS, kindCode, type Kind } from './codec';
import { createRecordingFile } from './format';

export interface RecordingHeader {
  /** The source's venue id ('sim', 'deribit'). */
  venue: string;
  /** When the session starts, ms UTC (simulated time for the simulator). */
  started: number;
  /** How to tell the session again: the simulator's seed and start, the venue URL, the coins. */
  params: Record<string, unknown>;
}

export interface RecorderOptions {
  /** Events per block and transaction (default 4096). */
  batchSize?: number;
  /** The longest an event waits uncommitted, ms (default 250). */
  flushMs?: number;
}

export interface RecordingSummary {
  file: string;
  events: number;
  /** Events the file holds, counted from it at close (a check of `events`). */
  rows: number;
  bytes: number;
  kinds: Record<Kind, number>;
}

export class Recorder {
  private readonly db: Database.Database;
  private readonly block = new BlockWriter();
  private readonly insertBlock: Database.Statement;
  private readonly insertInstrument: Database.Statement;
  private readonly markFirstEvent: Database.Statement;
  private readonly insertVenue: Database.Statement;
  private readonly insertListing: Database.Statement;
  /** Ids by name; instruments and index coins in separate maps (a coin is not an instrument). */
  private readonly instrumentIds = new Map<string, number>();
  private readonly indexIds = new Map<string, number>();
  private readonly venueIds = new Map<string, number>();
  private nextInstrumentId = 0;
  /** Instrument ids an event has named (the rest are only listed). */
  private readonly withEvents = new Set<number>();
  private readonly counts = new Float64Array(KINDS.length);
  /** Events appended, committed or in the open block: the last one's seq. */
  private seq = 0;
  private readonly batchSize: number;
  private readonly timer: NodeJS.Timeout;
  private isClosed = false;

  constructor(
    readonly file: string,
    header: RecordingHeader,
    options: RecorderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 4096;
    const flushMs = options.flushMs ?? 250;
    if (!(Number.isInteger(this.batchSize) && this.batchSize > 0)) throw new Error(`recorder: batchSize must be a positive integer, got ${this.batchSize}`);
    if (!(flushMs > 0)) throw new Error(`recorder: flushMs must be > 0, got ${flushMs}`);
    if (!Number.isFinite(header.started)) throw new Error(`recorder: started must be a time in ms, got ${header.started}`);
    this.db = createRecordingFile(file);
    this.db
      .prepare('INSERT INTO header (id, venue, started_ms, params, desk_version) VALUES (1, ?, ?, ?, ?)')
      .run(header.venue, header.started, JSON.stringify(header.params), APP_VERSION);
    this.insertBlock = this.db.prepare('INSERT INTO blocks (first_seq, last_seq, first_ms, last_ms, events) VALUES (?, ?, ?, ?, ?)');
    this.insertInstrument = this.db.prepare('INSERT INTO instruments (id, name, is_index) VALUES (?, ?, ?)');
    this.markFirstEvent = this.db.prepare('UPDATE instruments SET first_seq = ? WHERE id = ?');
    this.insertVenue = this.db.prepare('INSERT INTO venues (id, name) VALUES (?, ?)');
    this.insertListing = this.db.prepare('INSERT OR REPLACE INTO listings (time_ms, instrument, contract_size, min_trade_amount, tick_size) VALUES (?, ?, ?, ?, ?)');
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
  }

  /** Append one event (the MarketListener to subscribe with). */
  readonly append: MarketListener = (event: MarketEvent): void => {
    if (this.isClosed) throw new Error(`recorder: ${this.file} is closed`);
    if (!Number.isFinite(event.time)) throw new Error(`recorder: ${event.type} event with time ${event.time} cannot be recorded`);
    const kind = kindCode(event.type);
    this.begin();
    const venue = this.venueId(event.venue);
    const instrument = event.type === 'index' ? this.nameId(this.indexIds, event.underlying, 1) : event.type === 'venue-status' ? null : this.nameId(this.instrumentIds, event.instrument, 0);
    this.block.append(event, kind, venue, instrument);
    this.seq++;
    if (instrument !== null && !this.withEvents.has(instrument)) {
      this.withEvents.add(instrument);
      this.markFirstEvent.run(this.seq, instrument);
    }
    this.counts[kind]!++;
    if (this.block.count >= this.batchSize) this.flush();
  };

  /** The venue's listing as of `time` (a replay answers instruments() from it). */
  listing(time: number, listed: readonly ListedInstrument[]): void {
    if (this.isClosed) throw new Error(`recorder: ${this.file} is closed`);
    this.begin();
    for (const { instrument, contractSize, minTradeAmount, tickSize } of listed) {
      this.insertListing.run(time, this.nameId(this.instrumentIds, instrument.name, 0), contractSize, minTradeAmount, tickSize);
    }
    this.flush();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Write the open block and commit the batch. */
  flush(): void {
    if (!this.db.inTransaction) return;
    const { block } = this;
    if (block.count > 0) {
      this.insertBlock.run(this.seq - block.count + 1, this.seq, block.firstTime, block.lastTime, block.view());
      block.clear();
    }
    this.db.exec('COMMIT');
  }

  /** Events appended so far, by kind. */
  get kinds(): Record<Kind, number> {
    return Object.fromEntries(KINDS.map((kind, code) => [kind, this.counts[code]!])) as Record<Kind, number>;
  }

  /** Commit, stamp the end time, and leave one self-contained file (the log checkpointed away). */
  close(ended: number): RecordingSummary {
    if (this.isClosed) throw new Error(`recorder: ${this.file} is already closed`);
    clearInterval(this.timer);
    this.flush();
    this.isClosed = true;
    this.db.prepare('UPDATE header SET ended_ms = ? WHERE id = 1').run(ended);
    const rows = this.db.prepare('SELECT coalesce(sum(last_seq - first_seq + 1), 0) FROM blocks').pluck().get() as number;
    this.db.pragma('journal_mode = DELETE');
    this.db.close();
    const kinds = this.kinds;
    return { file: this.file, events: Object.values(kinds).reduce((sum, n) => sum + n, 0), rows, bytes: fs.statSync(this.file).size, kinds };
  }

  private begin(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
  }

  private venueId(name: string): number {
    let id = this.venueIds.get(name);
    if (id === undefined) {
      id = this.venueIds.size;
      this.insertVenue.run(id, name);
      this.venueIds.set(name, id);
    }
    return id;
  }

  private nameId(ids: Map<string, number>, name: string, isIndex: 0 | 1): number {
    let id = ids.get(name);
    if (id === undefined) {
      id = this.nextInstrumentId++;
      this.insertInstrument.run(id, name, isIndex);
      ids.set(name, id);
    }
    return id;
  }
}

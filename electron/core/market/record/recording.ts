/**
 * Reading a recording: its header, the listing as of a time, and cursors that walk its events in
 * arrival order a page at a time: a block per page in format version 2, 2,048 event rows in
 * version 1 (an open better-sqlite3 iterator would lock the connection against every other
 * statement, so pages are read by key instead).
 */
import type Database from 'better-sqlite3';
import { parseInstrument } from '../../../../shared/domain/instrument';
import type { MarketEvent } from '../events';
import type { ListedInstrument } from '../venue';
import { BlockReader } from './block';
import { decodeEvent, KeptEvents } from './codec';
import { openRecordingFile, RecordingFormatError } from './format';

export interface RecordingInfo {
  venue: string;
  started: number;
  /** Absent when the recorder never closed (a killed process): the events end where it stopped. */
  ended?: number;
  params: Record<string, unknown>;
  deskVersion: string;
}

type EventRow = [seq: number, time: number, kind: number, venue: number, instrument: number | null, payload: Buffer];
type BlockRow = [firstSeq: number, lastSeq: number, events: Buffer];
type ListingRow = { name: string; contract_size: number | null; min_trade_amount: number | null; tick_size: number | null };

/** Version 1: event rows per page. */
const PAGE = 2048;

export class Recording {
  readonly info: RecordingInfo;
  private readonly db: Database.Database;
  private readonly venues: string[] = [];
  private readonly names: string[] = [];
  private readonly version: number;
  /** Version 2: the first block after a seq. Version 1: a page of event rows after a seq. */
  private readonly nextBlock: Database.Statement<[number], BlockRow> | undefined;
  private readonly nextRows: Database.Statement<[number, number], EventRow> | undefined;

  constructor(readonly file: string) {
    ({ db: this.db, version: this.version } = openRecordingFile(file));
    try {
      const header = this.db.prepare('SELECT venue, started_ms, ended_ms, params, desk_version FROM header WHERE id = 1').get() as
        | { venue: string; started_ms: number; ended_ms: number | null; params: string; desk_version: string }
        | undefined;
      if (!header) throw new RecordingFormatError(file, 'has no header row');
      this.info = { venue: header.venue, started: header.started_ms, params: JSON.parse(header.params) as Record<string, unknown>, deskVersion: header.desk_version };
      if (header.ended_ms !== null) this.info.ended = header.ended_ms;
      for (const { id, name } of this.db.prepare('SELECT id, name FROM venues').all() as { id: number; name: string }[]) this.venues[id] = name;
      for (const { id, name } of this.db.prepare('SELECT id, name FROM instruments').all() as { id: number; name: string }[]) this.names[id] = name;
      if (this.version === 1) this.nextRows = this.db.prepare<[number, number], EventRow>('SELECT seq, time_ms, kind, venue, instrument, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?').raw();
      else this.nextBlock = this.db.prepare<[number], BlockRow>('SELECT first_seq, last_seq, events FROM blocks WHERE first_seq > ? ORDER BY first_seq LIMIT 1').raw();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** Instruments with events (index coins not included). */
  instrumentNames(): string[] {
    const withEvents = this.version === 1 ? 'id IN (SELECT DISTINCT instrument FROM events)' : 'first_seq IS NOT NULL';
    return this.db.prepare(`SELECT name FROM instruments WHERE is_index = 0 AND ${withEvents}`).pluck().all() as string[];
  }

  /** The coin's instruments in the last listing taken at or before `time` (the first listing before any). */
  listing(base: string, time: number): ListedInstrument[] {
    const taken =
      (this.db.prepare('SELECT max(time_ms) FROM listings WHERE time_ms <= ?').pluck().get(time) as number | null) ??
      (this.db.prepare('SELECT min(time_ms) FROM listings').pluck().get() as number | null);
    if (taken === null) return [];
    // Names that start with the coin only: a name is parsed (to check its base) only if it can be the coin's.
    const rows = this.db
      .prepare('SELECT i.name, l.contract_size, l.min_trade_amount, l.tick_size FROM listings l JOIN instruments i ON i.id = l.instrument WHERE l.time_ms = ? AND substr(i.name, 1, ?) = ? ORDER BY i.id')
      .all(taken, base.length, base) as ListingRow[];
    const listed: ListedInstrument[] = [];
    for (const row of rows) {
      const instrument = parseInstrument(row.name);
      if (instrument.base !== base) continue;
      // SQLite keeps NaN as NULL.
      listed.push({ instrument, contractSize: row.contract_size ?? NaN, minTradeAmount: row.min_trade_amount ?? NaN, tickSize: row.tick_size ?? NaN });
    }
    return listed;
  }

  /** The time of the last event (a recorder killed before close() stamped no end); null when there is none. */
  lastEventTime(): number | null {
    const last = this.version === 1 ? 'SELECT time_ms FROM events ORDER BY seq DESC LIMIT 1' : 'SELECT last_ms FROM blocks ORDER BY first_seq DESC LIMIT 1';
    return (this.db.prepare(last).pluck().get() as number | undefined) ?? null;
  }

  /**
   * A cursor at the first event. `reuseEvents`: books and option tickers are decoded into the
   * instrument's previous one (KeptEvents), for a consumer that keeps only an instrument's latest.
   */
  cursor(options: { reuseEvents?: boolean } = {}): RecordingCursor {
    if (this.nextRows) return new RowCursor((after) => this.readRows(after));
    return new BlockCursor(this.file, this.nextBlock!, new BlockReader(this.venues, this.names, options.reuseEvents ? new KeptEvents() : null));
  }

  /** Version 1: up to PAGE event rows after seq `after`, decoded, with the last seq read. */
  private readRows(after: number): { events: MarketEvent[]; last: number } {
    const rows = this.nextRows!.all(after, PAGE);
    const events = new Array<MarketEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [seq, time, kind, venue, instrument, payload] = rows[i]!;
      const venueName = this.venues[venue];
      const name = instrument === null ? '' : this.names[instrument];
      if (venueName === undefined || name === undefined) throw new RecordingFormatError(this.file, `event ${seq} names a venue or instrument the file does not list`);
      events[i] = decodeEvent({ kind, venue: venueName, name, time }, payload);
    }
    return { events, last: rows.length ? rows[rows.length - 1]![0] : after };
  }

  /** SQLite's own check of the file: 'ok' when sound. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
  }

  close(): void {
    this.db.close();
  }
}

/** Walks a recording's events in order, a page or block at a time. */
export interface RecordingCursor {
  /** When the next event happened, without taking or decoding it; undefined at the end. */
  nextTime(): number | undefined;
  /** The next event, taken, if it happened by `until` (default: whenever); undefined at the end or when it is later (then left for the next call). */
  next(until?: number): MarketEvent | undefined;
}

/** Version 2: each event decoded from its block as it is taken; one SQLite call per block. */
class BlockCursor implements RecordingCursor {
  private range = '';
  private last = 0;
  private exhausted = false;

  constructor(
    private readonly file: string,
    private readonly nextBlock: Database.Statement<[number], BlockRow>,
    private readonly block: BlockReader,
  ) {}

  nextTime(): number | undefined {
    try {
      return this.ready() ? this.block.nextTime() : undefined;
    } catch (error) {
      throw this.failed(error);
    }
  }

  next(until = Infinity): MarketEvent | undefined {
    try {
      return this.ready() ? this.block.next(until) : undefined;
    } catch (error) {
      throw this.failed(error);
    }
  }

  /** Whether an event is left, the next block loaded when this one is done. */
  private ready(): boolean {
    while (this.block.empty) {
      if (this.exhausted) return false;
      const row = this.nextBlock.get(this.last);
      if (!row) this.exhausted = true;
      else {
        const [first, last, data] = row;
        this.block.load(data, last - first + 1);
        this.range = `${first}..${last}`;
        this.last = last;
      }
    }
    return true;
  }

  private failed(error: unknown): RecordingFormatError {
    return new RecordingFormatError(this.file, `events ${this.range}: ${(error as Error).message}`);
  }
}

/** Version 1: pages of event rows. */
class RowCursor implements RecordingCursor {
  private page: MarketEvent[] = [];
  private at = 0;
  private last = 0;
  private exhausted = false;

  constructor(private readonly readRows: (after: number) => { events: MarketEvent[]; last: number }) {}

  nextTime(): number | undefined {
    this.fill();
    return this.page[this.at]?.time;
  }

  next(until = Infinity): MarketEvent | undefined {
    this.fill();
    const event = this.page[this.at];
    if (event === undefined || event.time > until) return undefined;
    this.at++;
    return event;
  }

  private fill(): void {
    if (this.at === this.page.length && !this.exhausted) {
      ({ events: this.page, last: this.last } = this.readRows(this.last));
      this.at = 0;
      this.exhausted = this.page.length === 0;
    }
  }
}

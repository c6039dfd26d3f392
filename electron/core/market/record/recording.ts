/**
 * Reading a recording: its header, the listing as of a time, and cursors that walk its events in
 * arrival order a page at a time (an open better-sqlite3 iterator would lock the connection
 * against every other statement, so pages are read by rowid instead).
 */
import type Database from 'better-sqlite3';
import { parseInstrument } from '../../../../shared/domain/instrument';
import type { MarketEvent } from '../events';
import type { ListedInstrument } from '../venue';
import { decodeEvent } from './codec';
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
type ListingRow = { name: string; contract_size: number | null; min_trade_amount: number | null; tick_size: number | null };

const PAGE = 2048;

export class Recording {
  readonly info: RecordingInfo;
  private readonly db: Database.Database;
  private readonly venues: string[] = [];
  private readonly names: string[] = [];
  private readonly page: Database.Statement<[number, number], EventRow>;

  constructor(readonly file: string) {
    this.db = openRecordingFile(file);
    try {
      const header = this.db.prepare('SELECT venue, started_ms, ended_ms, params, desk_version FROM header WHERE id = 1').get() as
        | { venue: string; started_ms: number; ended_ms: number | null; params: string; desk_version: string }
        | undefined;
      if (!header) throw new RecordingFormatError(file, 'has no header row');
      this.info = { venue: header.venue, started: header.started_ms, params: JSON.parse(header.params) as Record<string, unknown>, deskVersion: header.desk_version };
      if (header.ended_ms !== null) this.info.ended = header.ended_ms;
      for (const { id, name } of this.db.prepare('SELECT id, name FROM venues').all() as { id: number; name: string }[]) this.venues[id] = name;
      for (const { id, name } of this.db.prepare('SELECT id, name FROM instruments').all() as { id: number; name: string }[]) this.names[id] = name;
      this.page = this.db.prepare<[number, number], EventRow>('SELECT seq, time_ms, kind, venue, instrument, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?').raw();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** Instruments with events (index coins not included). */
  instrumentNames(): string[] {
    return this.db.prepare('SELECT name FROM instruments WHERE is_index = 0 AND id IN (SELECT DISTINCT instrument FROM events)').pluck().all() as string[];
  }

  /** The coin's instruments in the last listing taken at or before `time` (the first listing before any). */
  listing(base: string, time: number): ListedInstrument[] {
    const taken =
      (this.db.prepare('SELECT max(time_ms) FROM listings WHERE time_ms <= ?').pluck().get(time) as number | null) ??
      (this.db.prepare('SELECT min(time_ms) FROM listings').pluck().get() as number | null);
    if (taken === null) return [];
    const rows = this.db
      .prepare('SELECT i.name, l.contract_size, l.min_trade_amount, l.tick_size FROM listings l JOIN instruments i ON i.id = l.instrument WHERE l.time_ms = ? ORDER BY i.id')
      .all(taken) as ListingRow[];
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
    return this.db.prepare('SELECT time_ms FROM events ORDER BY seq DESC LIMIT 1').pluck().get() as number | null ?? null;
  }

  /** A cursor at the first event. */
  cursor(): RecordingCursor {
    return new RecordingCursor(this);
  }

  /** Up to `limit` events after rowid `after`, decoded, with the last rowid read. */
  readPage(after: number, limit = PAGE): { events: MarketEvent[]; last: number } {
    const rows = this.page.all(after, limit);
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

/** Walks a recording's events in order, one page in memory at a time. */
export class RecordingCursor {
  private events: MarketEvent[] = [];
  private at = 0;
  private last = 0;
  private exhausted = false;

  constructor(private readonly recording: Recording) {}

  /** The next event without taking it; undefined at the end. */
  peek(): MarketEvent | undefined {
    if (this.at === this.events.length && !this.exhausted) {
      const { events, last } = this.recording.readPage(this.last);
      this.events = events;
      this.at = 0;
      this.last = last;
      this.exhausted = events.length === 0;
    }
    return this.events[this.at];
  }

  next(): MarketEvent | undefined {
    const event = this.peek();
    if (event) this.at++;
    return event;
  }
}

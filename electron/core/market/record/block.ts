/**
 * A block (format version 2): the events of one recorder commit packed into one BLOB, so a replay
 * reads thousands of events per SQLite row rather than one (a row costs about 3 µs in
 * better-sqlite3 before any decoding; a block's events decode straight from its Buffer). Each
 * event, in arrival order:
 *   flags      u8: the kind code in the low bits, NO_INSTRUMENT (venue-status), RAW_TIME
 *   venue      varint id
 *   instrument varint id (index events: their coin's id), absent with NO_INSTRUMENT
 *   time       zigzag varint of the whole ms since the block's previous event (the first: since 0),
 *              or with RAW_TIME the float64 (a time that is not a whole number of ms comes back exact)
 *   length     varint, then the payload (codec.ts)
 */
import type { MarketEvent } from '../events';
import { type EventColumns, type KeptEvents, PackedWriter, PayloadReader, PayloadWriter, readEvent, unzigzag, zigzag } from './codec';

const KIND_BITS = 0x07;
const NO_INSTRUMENT = 0x08;
const RAW_TIME = 0x10;
/** Time deltas stay below 2^52 so their zigzag is an exact integer double. */
const MAX_DELTA = 2 ** 52;

export class BlockWriter extends PackedWriter {
  private readonly payloads = new PayloadWriter();
  private previous = 0;
  count = 0;
  firstTime = 0;
  lastTime = 0;

  /** Append an event under its kind code and ids (instrument null for venue-status); a bad event throws before a byte is written. */
  append(event: MarketEvent, kind: number, venue: number, instrument: number | null): void {
    const payload = this.payloads.encode(event);
    const { time } = event;
    const delta = time - this.previous;
    const whole = Number.isSafeInteger(time) && Number.isSafeInteger(this.previous) && Math.abs(delta) < MAX_DELTA && !Object.is(time, -0);
    this.u8(kind | (instrument === null ? NO_INSTRUMENT : 0) | (whole ? 0 : RAW_TIME));
    this.varint(venue);
    if (instrument !== null) this.varint(instrument);
    if (whole) this.varint(zigzag(delta));
    else this.double(time);
    this.varint(payload.length);
    this.bytes(payload);
    if (this.count++ === 0) this.firstTime = time;
    this.lastTime = time;
    this.previous = time;
  }

  override clear(): void {
    super.clear();
    this.count = 0;
    this.previous = 0;
  }
}

/**
 * Decodes a block's events one at a time as they are taken (only the event being handed out is
 * alive). An event's header (its time) is read ahead of its payload, so a replay can look at when
 * the next event is due, or leave it for later, without decoding it; with `kept`, books and
 * option tickers are decoded into each instrument's previous one (KeptEvents).
 */
export class BlockReader {
  private readonly reader = new PayloadReader();
  private remaining = 0;
  /** The next event's header, once read by nextTime(). */
  private headed = false;
  private readonly columns: EventColumns = { kind: 0, venue: '', name: '', time: NaN };
  private id = 0;
  private end = 0;

  constructor(
    private readonly venues: readonly string[],
    private readonly names: readonly string[],
    private readonly kept: KeptEvents | null,
  ) {}

  load(data: Buffer, count: number): void {
    this.reader.reset(data, 0);
    this.remaining = count;
    this.headed = false;
    this.columns.time = 0;
  }

  get empty(): boolean {
    return this.remaining === 0;
  }

  /** The time of the block's next event; undefined when it has none left. Throws on a header that does not parse. */
  nextTime(): number | undefined {
    if (this.remaining === 0) return undefined;
    if (!this.headed) this.header();
    return this.columns.time;
  }

  /** The block's next event if it happened by `until`; undefined when it has none left or it is later. Throws on a block that does not parse. */
  next(until: number): MarketEvent | undefined {
    if (this.remaining === 0) return undefined;
    if (!this.headed) this.header();
    if (this.columns.time > until) return undefined;
    this.headed = false;
    const { reader } = this;
    const event = readEvent(reader, this.columns, this.end, this.kept, this.id);
    if (--this.remaining === 0 && reader.at !== reader.buffer.length) throw new Error(`the block has ${reader.buffer.length - reader.at} bytes more than its events`);
    return event;
  }

  private header(): void {
    const { reader, columns } = this;
    const flags = reader.u8();
    const venue = this.venues[reader.varint()];
    this.id = flags & NO_INSTRUMENT ? 0 : reader.varint();
    const name = flags & NO_INSTRUMENT ? '' : this.names[this.id];
    columns.time = flags & RAW_TIME ? reader.double() : columns.time + unzigzag(reader.varint());
    this.end = reader.varint() + reader.at;
    if (venue === undefined || name === undefined) throw new Error('an event names a venue or instrument the file does not list');
    if (!(this.end <= reader.buffer.length)) throw new Error(`an event runs past the block's ${reader.buffer.length} bytes`);
    columns.kind = flags & KIND_BITS;
    columns.venue = venue;
    columns.name = name;
    this.headed = true;
  }
}

/**
 * One recorded event's payload: every field but kind, venue, instrument and time (those are
 * columns), packed little-endian. Numbers are float64s, written only when present (a mask or flag
 * says which); level counts are uint16; strings (trade ids, status reasons) are uint16-length UTF-8.
 *
 * Why binary and not JSON: a full-precision double costs 8 bytes here and about 18 characters
 * in JSON, field names are not repeated per row, and every double comes back bit for bit
 * (JSON turns NaN and Infinity into null and -0 into 0). Encoding writes into one reused
 * buffer, so the recorder's hot path allocates only the view it hands to SQLite.
 */
import type { BookEvent, IndexEvent, Level, MarketEvent, TickerEvent, TradeEvent, VenueStatusEvent } from '../events';

/** The kind column: one small integer per event type (SQLite stores 0 and 1 in no bytes at all). */
export const KINDS = ['book', 'ticker', 'trade', 'index', 'venue-status'] as const satisfies readonly MarketEvent['type'][];
export type Kind = (typeof KINDS)[number];
const KIND_CODE: Record<Kind, number> = { book: 0, ticker: 1, trade: 2, index: 3, 'venue-status': 4 };

export function kindCode(type: MarketEvent['type']): number {
  const code = KIND_CODE[type];
  if (code === undefined) throw new Error(`recording: unknown event type ${JSON.stringify(type)}`);
  return code;
}

type TickerField = Exclude<keyof TickerEvent, 'type' | 'venue' | 'instrument' | 'time'>;
/** The ticker's optional numbers, in mask-bit order. Append only: the order is the file format. */
const TICKER_FIELDS = [
  'markPrice',
  'markIv',
  'bidIv',
  'askIv',
  'bestBid',
  'bestBidAmount',
  'bestAsk',
  'bestAskAmount',
  'underlyingPrice',
  'indexPrice',
  'funding8h',
] as const satisfies readonly TickerField[];
// A ticker field missing from the list would be dropped silently: make that a compile error.
const tickerFieldsComplete: Exclude<TickerField, (typeof TICKER_FIELDS)[number]> extends never ? true : never = true;
void tickerFieldsComplete;

/** Venue-status states, in code order. Append only. */
const STATES = ['connecting', 'connected', 'reconnecting', 'disconnected', 'error'] as const satisfies readonly VenueStatusEvent['state'][];

const BOOK_SNAPSHOT = 1;
const BOOK_SEQ = 2;
const BOOK_PREV_SEQ = 4;
const TRADE_SELL = 1;
const TRADE_IV = 2;
const TRADE_INDEX = 4;
const MAX_COUNT = 0xffff;

/** Encodes payloads into one growing buffer; `encode` returns a view valid until the next call. */
export class PayloadWriter {
  private buffer = Buffer.allocUnsafe(4096);
  private at = 0;

  encode(event: MarketEvent): Buffer {
    this.at = 0;
    switch (event.type) {
      case 'book':
        this.book(event);
        break;
      case 'ticker':
        this.ticker(event);
        break;
      case 'trade':
        this.trade(event);
        break;
      case 'index':
        this.room(8);
        this.f64(event.price);
        break;
      case 'venue-status': {
        const state = STATES.indexOf(event.state);
        if (state < 0) throw new Error(`recording: unknown venue state ${JSON.stringify(event.state)}`);
        this.room(1);
        this.buffer[this.at++] = state;
        if (event.reason !== undefined) this.string(event.reason);
        break;
      }
      default:
        throw new Error(`recording: unknown event type ${JSON.stringify((event as { type: unknown }).type)}`);
    }
    return this.buffer.subarray(0, this.at);
  }

  private book(event: BookEvent): void {
    const { bids, asks } = event;
    if (bids.length > MAX_COUNT || asks.length > MAX_COUNT) throw new Error(`recording: ${event.instrument} book has more than ${MAX_COUNT} levels a side`);
    this.room(5 + 16 + 16 * (bids.length + asks.length));
    const flags = (event.snapshot ? BOOK_SNAPSHOT : 0) | (event.seq !== undefined ? BOOK_SEQ : 0) | (event.prevSeq !== undefined ? BOOK_PREV_SEQ : 0);
    this.buffer[this.at++] = flags;
    this.at = this.buffer.writeUInt16LE(bids.length, this.at);
    this.at = this.buffer.writeUInt16LE(asks.length, this.at);
    if (event.seq !== undefined) this.f64(event.seq);
    if (event.prevSeq !== undefined) this.f64(event.prevSeq);
    this.levels(bids);
    this.levels(asks);
  }

  private levels(levels: readonly Level[]): void {
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      this.f64(level[0]);
      this.f64(level[1]);
    }
  }

  private ticker(event: TickerEvent): void {
    this.room(2 + 8 * TICKER_FIELDS.length);
    const maskAt = this.at;
    this.at += 2;
    let mask = 0;
    for (let bit = 0; bit < TICKER_FIELDS.length; bit++) {
      const value = event[TICKER_FIELDS[bit]!];
      if (value === undefined) continue;
      mask |= 1 << bit;
      this.f64(value);
    }
    this.buffer.writeUInt16LE(mask, maskAt);
  }

  private trade(event: TradeEvent): void {
    this.room(1 + 32);
    this.buffer[this.at++] = (event.takerSide === 'sell' ? TRADE_SELL : 0) | (event.iv !== undefined ? TRADE_IV : 0) | (event.indexPrice !== undefined ? TRADE_INDEX : 0);
    this.f64(event.price);
    this.f64(event.amount);
    if (event.iv !== undefined) this.f64(event.iv);
    if (event.indexPrice !== undefined) this.f64(event.indexPrice);
    this.string(event.tradeId);
  }

  private f64(value: number): void {
    this.at = this.buffer.writeDoubleLE(value, this.at);
  }

  private string(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_COUNT) throw new Error(`recording: a string of ${bytes} bytes is longer than ${MAX_COUNT}`);
    this.room(2 + bytes);
    this.at = this.buffer.writeUInt16LE(bytes, this.at);
    this.at += this.buffer.write(text, this.at, 'utf8');
  }

  /** Make room for `bytes` more. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

/** The columns a payload is decoded with. */
export interface EventColumns {
  kind: number;
  venue: string;
  /** The instrument, or for an index event its coin; empty for venue-status events. */
  name: string;
  time: number;
}

/** Rebuild an event from its columns and payload; throws on a payload that does not parse. */
export function decodeEvent(columns: EventColumns, payload: Buffer): MarketEvent {
  const reader = new PayloadReader(payload);
  const { venue, name: instrument, time } = columns;
  let event: MarketEvent;
  switch (KINDS[columns.kind]) {
    case 'book': {
      const flags = reader.u8();
      const bidCount = reader.u16();
      const askCount = reader.u16();
      const seq = flags & BOOK_SEQ ? reader.f64() : undefined;
      const prevSeq = flags & BOOK_PREV_SEQ ? reader.f64() : undefined;
      const book: BookEvent = { type: 'book', venue, instrument, time, snapshot: (flags & BOOK_SNAPSHOT) !== 0, bids: reader.levels(bidCount), asks: reader.levels(askCount) };
      if (seq !== undefined) book.seq = seq;
      if (prevSeq !== undefined) book.prevSeq = prevSeq;
      event = book;
      break;
    }
    case 'ticker': {
      const ticker: TickerEvent = { type: 'ticker', venue, instrument, time };
      const mask = reader.u16();
      for (let bit = 0; bit < TICKER_FIELDS.length; bit++) if (mask & (1 << bit)) ticker[TICKER_FIELDS[bit]!] = reader.f64();
      event = ticker;
      break;
    }
    case 'trade': {
      const flags = reader.u8();
      const price = reader.f64();
      const amount = reader.f64();
      const iv = flags & TRADE_IV ? reader.f64() : undefined;
      const indexPrice = flags & TRADE_INDEX ? reader.f64() : undefined;
      const trade: TradeEvent = { type: 'trade', venue, instrument, time, tradeId: reader.string(), price, amount, takerSide: flags & TRADE_SELL ? 'sell' : 'buy' };
      if (iv !== undefined) trade.iv = iv;
      if (indexPrice !== undefined) trade.indexPrice = indexPrice;
      event = trade;
      break;
    }
    case 'index':
      event = { type: 'index', venue, underlying: instrument, time, price: reader.f64() } satisfies IndexEvent;
      break;
    case 'venue-status': {
      const state = STATES[reader.u8()];
      if (state === undefined) throw new Error('recording: unknown venue state code');
      const status: VenueStatusEvent = { type: 'venue-status', venue, time, state };
      if (!reader.done()) status.reason = reader.string();
      event = status;
      break;
    }
    default:
      throw new Error(`recording: unknown kind code ${columns.kind}`);
  }
  if (!reader.done()) throw new Error(`recording: ${KINDS[columns.kind]} payload has ${payload.length} bytes, more than its fields`);
  return event;
}

class PayloadReader {
  private at = 0;
  constructor(private readonly buffer: Buffer) {}

  done(): boolean {
    return this.at === this.buffer.length;
  }

  u8(): number {
    return this.buffer.readUInt8(this.at++);
  }

  u16(): number {
    const value = this.buffer.readUInt16LE(this.at);
    this.at += 2;
    return value;
  }

  f64(): number {
    const value = this.buffer.readDoubleLE(this.at);
    this.at += 8;
    return value;
  }

  levels(count: number): Level[] {
    const levels: Level[] = new Array(count);
    for (let i = 0; i < count; i++) levels[i] = [this.f64(), this.f64()];
    return levels;
  }

  string(): string {
    const bytes = this.u16();
    if (this.at + bytes > this.buffer.length) throw new RangeError('recording: string runs past its payload');
    const text = this.buffer.toString('utf8', this.at, this.at + bytes);
    this.at += bytes;
    return text;
  }
}

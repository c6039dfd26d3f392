/**
 * One recorded event's payload: every field but kind, venue, instrument and time (those are
 * columns), packed little-endian. Numbers are written only when present (a mask or flag says
 * which); level counts are uint16; strings (trade ids, status reasons) are uint16-length UTF-8.
 *
 * A number is a tag byte and then either, for a short decimal (at most 10 decimals whose digits
 * divided by the power of ten give back exactly this double), the digits as a zigzag varint, or
 * the raw float64. Venue prices, sizes, IVs and sequence numbers are short decimals (0.0345 is 2
 * bytes plus the tag, 12 bytes in JSON); a model's full-precision double costs 9 bytes (about 18
 * in JSON). On Deribit's data this is 37% of plain float64s, on the simulator's 67%.
 *
 * Why binary and not JSON: besides the size, field names are not repeated per row and every
 * double comes back bit for bit (JSON turns NaN and Infinity into null and -0 into 0). Encoding
 * writes into one reused buffer, so the recorder's hot path allocates only the view it hands to SQLite.
 */
import { resizeLevels, type BookEvent, type IndexEvent, type Level, type MarketEvent, type TickerEvent, type TradeEvent, type VenueStatusEvent } from '../events';

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

/** The ticker field mask of an option's ticker: every field but funding (optionTicker). */
const OPTION_TICKER = 0x3ff;
const BOOK_SNAPSHOT = 1;
const BOOK_SEQ = 2;
const BOOK_PREV_SEQ = 4;
const TRADE_SELL = 1;
const TRADE_IV = 2;
const TRADE_INDEX = 4;
const MAX_COUNT = 0xffff;
/** Number tags: 0..MAX_DECIMALS decimals before a zigzag varint of the digits, or a raw float64. */
const MAX_DECIMALS = 10;
const RAW_DOUBLE = 0xff;
const POWERS = Array.from({ length: MAX_DECIMALS + 1 }, (_, k) => 10 ** k);
/** Digits stay below 2^52 so their zigzag (twice as large) is an exact integer double. */
const MAX_DIGITS = 2 ** 52;
/** The most bytes one number takes: its tag and a float64. */
const NUM_BYTES = 9;

/**
 * Little-endian fields into one growing, reused buffer: the primitives of payloads and of the
 * blocks that hold them (block.ts). `view()` is valid until the next write.
 */
export class PackedWriter {
  protected buffer = Buffer.allocUnsafe(4096);
  protected at = 0;

  get length(): number {
    return this.at;
  }

  clear(): void {
    this.at = 0;
  }

  view(): Buffer {
    return this.buffer.subarray(0, this.at);
  }

  u8(value: number): void {
    this.room(1);
    this.buffer[this.at++] = value;
  }

  /** A non-negative integer below 2^53, seven bits a byte, low first. */
  varint(value: number): void {
    this.room(8);
    const buffer = this.buffer;
    while (value >= 0x80) {
      buffer[this.at++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    buffer[this.at++] = value;
  }

  double(value: number): void {
    this.room(8);
    this.at = this.buffer.writeDoubleLE(value, this.at);
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Make room for `bytes` more. */
  protected room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

/** Encodes payloads; `encode` returns a view valid until the next call. */
export class PayloadWriter extends PackedWriter {
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
        this.num(event.price);
        break;
      case 'venue-status': {
        const state = STATES.indexOf(event.state);
        if (state < 0) throw new Error(`recording: unknown venue state ${JSON.stringify(event.state)}`);
        this.u8(state);
        if (event.reason !== undefined) this.string(event.reason);
        break;
      }
      default:
        throw new Error(`recording: unknown event type ${JSON.stringify((event as { type: unknown }).type)}`);
    }
    return this.view();
  }

  private book(event: BookEvent): void {
    const { bids, asks } = event;
    if (bids.length > MAX_COUNT || asks.length > MAX_COUNT) throw new Error(`recording: ${event.instrument} book has more than ${MAX_COUNT} levels a side`);
    this.room(5 + NUM_BYTES * (2 + 2 * (bids.length + asks.length)));
    const flags = (event.snapshot ? BOOK_SNAPSHOT : 0) | (event.seq !== undefined ? BOOK_SEQ : 0) | (event.prevSeq !== undefined ? BOOK_PREV_SEQ : 0);
    this.buffer[this.at++] = flags;
    this.at = this.buffer.writeUInt16LE(bids.length, this.at);
    this.at = this.buffer.writeUInt16LE(asks.length, this.at);
    if (event.seq !== undefined) this.num(event.seq);
    if (event.prevSeq !== undefined) this.num(event.prevSeq);
    this.levels(bids);
    this.levels(asks);
  }

  private levels(levels: readonly Level[]): void {
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      this.num(level[0]);
      this.num(level[1]);
    }
  }

  private ticker(event: TickerEvent): void {
    this.room(2 + NUM_BYTES * TICKER_FIELDS.length);
    const maskAt = this.at;
    this.at += 2;
    let mask = 0;
    for (let bit = 0; bit < TICKER_FIELDS.length; bit++) {
      const value = event[TICKER_FIELDS[bit]!];
      if (value === undefined) continue;
      mask |= 1 << bit;
      this.num(value);
    }
    this.buffer.writeUInt16LE(mask, maskAt);
  }

  private trade(event: TradeEvent): void {
    this.room(1 + 4 * NUM_BYTES);
    this.buffer[this.at++] = (event.takerSide === 'sell' ? TRADE_SELL : 0) | (event.iv !== undefined ? TRADE_IV : 0) | (event.indexPrice !== undefined ? TRADE_INDEX : 0);
    this.num(event.price);
    this.num(event.amount);
    if (event.iv !== undefined) this.num(event.iv);
    if (event.indexPrice !== undefined) this.num(event.indexPrice);
    this.string(event.tradeId);
  }

  /** A number: a short decimal as its digits, anything else as its float64 (see the header). */
  private num(value: number): void {
    for (let decimals = 0; decimals <= MAX_DECIMALS; decimals++) {
      const scale = POWERS[decimals]!;
      const digits = Math.round(value * scale);
      // Division by an exact power of ten is correctly rounded, so this is what the reader computes.
      if (digits / scale === value && Math.abs(digits) < MAX_DIGITS && !Object.is(value, -0)) {
        this.u8(decimals);
        this.varint(zigzag(digits));
        return;
      }
    }
    this.u8(RAW_DOUBLE);
    this.double(value);
  }

  private string(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_COUNT) throw new Error(`recording: a string of ${bytes} bytes is longer than ${MAX_COUNT}`);
    this.room(2 + bytes);
    this.at = this.buffer.writeUInt16LE(bytes, this.at);
    this.at += this.buffer.write(text, this.at, 'utf8');
  }
}

/** An integer of magnitude below 2^52 as a non-negative one: 0, -1, 1, -2 .. -> 0, 1, 2, 3 .. */
export function zigzag(digits: number): number {
  return digits >= 0 ? 2 * digits : -2 * digits - 1;
}

export function unzigzag(value: number): number {
  // Below 2^30 in int32 arithmetic (a double's % and / are several times slower).
  if (value < 0x40000000) return (value >>> 1) ^ -(value & 1);
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/**
 * An option's ticker with every field but funding (nearly all tickers) before its numbers are
 * read: the fields in the object itself and held as doubles from the start, so they are written
 * in place, where fields added one by one go to a separately grown store.
 */
function optionTicker(venue: string, instrument: string): TickerEvent {
  const n = NaN;
  return { type: 'ticker', venue, instrument, time: n, markPrice: n, markIv: n, bidIv: n, askIv: n, bestBid: n, bestBidAmount: n, bestAsk: n, bestAskAmount: n, underlyingPrice: n, indexPrice: n };
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
  const reader = new PayloadReader();
  reader.reset(payload, 0);
  return readEvent(reader, columns, payload.length);
}

/**
 * Per instrument id, the book and the option ticker a reusing decoder handed out last: the next one
 * with the same fields is decoded into that object instead of a new one (a replay of millions of
 * events otherwise allocates, and collects, an object a ticker and an array a book level). Only
 * for consumers that keep at most an instrument's latest book and ticker (a MarketState copies the
 * book and keeps the latest ticker), never a list of events.
 */
export class KeptEvents {
  readonly books: (BookEvent | undefined)[] = [];
  readonly tickers: (TickerEvent | undefined)[] = [];
}

/**
 * The event whose payload is at the reader's position and ends at `end`, its columns given (a
 * block reader's one object, rewritten for each event: a time passed as a number would be boxed
 * into a new heap object per call). With `kept`, a book or option ticker goes into the object
 * kept for instrument `id` (KeptEvents).
 */
export function readEvent(reader: PayloadReader, columns: EventColumns, end: number, kept: KeptEvents | null = null, id = 0): MarketEvent {
  const { kind, venue, name: instrument, time } = columns;
  let event: MarketEvent;
  switch (kind) {
    case KIND_CODE.book: {
      const flags = reader.u8();
      const bidCount = reader.u16();
      const askCount = reader.u16();
      const seq = flags & BOOK_SEQ ? reader.num() : undefined;
      const prevSeq = flags & BOOK_PREV_SEQ ? reader.num() : undefined;
      let book = kept?.books[id];
      if (!book || book.venue !== venue || (book.seq === undefined) !== (seq === undefined) || (book.prevSeq === undefined) !== (prevSeq === undefined)) {
        book = { type: 'book', venue, instrument, time, snapshot: false, bids: [], asks: [] };
        if (kept) kept.books[id] = book;
      }
      book.time = time;
      book.snapshot = (flags & BOOK_SNAPSHOT) !== 0;
      reader.levelsInto(book.bids, bidCount);
      reader.levelsInto(book.asks, askCount);
      if (seq !== undefined) book.seq = seq;
      if (prevSeq !== undefined) book.prevSeq = prevSeq;
      event = book;
      break;
    }
    case KIND_CODE.ticker: {
      const mask = reader.u16();
      if (mask === OPTION_TICKER) {
        let ticker = kept?.tickers[id];
        if (!ticker || ticker.venue !== venue) {
          ticker = optionTicker(venue, instrument);
          if (kept) kept.tickers[id] = ticker;
        }
        const v = reader.nums(10); // in TICKER_FIELDS order
        ticker.time = time;
        ticker.markPrice = v[0]!;
        ticker.markIv = v[1]!;
        ticker.bidIv = v[2]!;
        ticker.askIv = v[3]!;
        ticker.bestBid = v[4]!;
        ticker.bestBidAmount = v[5]!;
        ticker.bestAsk = v[6]!;
        ticker.bestAskAmount = v[7]!;
        ticker.underlyingPrice = v[8]!;
        ticker.indexPrice = v[9]!;
        event = ticker;
        break;
      }
      // Unrolled in TICKER_FIELDS order: a store to a named field is several times faster than one keyed by a variable.
      const ticker: TickerEvent = { type: 'ticker', venue, instrument, time };
      if (mask & 0x001) ticker.markPrice = reader.num();
      if (mask & 0x002) ticker.markIv = reader.num();
      if (mask & 0x004) ticker.bidIv = reader.num();
      if (mask & 0x008) ticker.askIv = reader.num();
      if (mask & 0x010) ticker.bestBid = reader.num();
      if (mask & 0x020) ticker.bestBidAmount = reader.num();
      if (mask & 0x040) ticker.bestAsk = reader.num();
      if (mask & 0x080) ticker.bestAskAmount = reader.num();
      if (mask & 0x100) ticker.underlyingPrice = reader.num();
      if (mask & 0x200) ticker.indexPrice = reader.num();
      if (mask & 0x400) ticker.funding8h = reader.num();
      if (mask >= 1 << TICKER_FIELDS.length) throw new Error(`recording: ticker field mask ${mask} names fields this desk does not know`);
      event = ticker;
      break;
    }
    case KIND_CODE.trade: {
      const flags = reader.u8();
      const price = reader.num();
      const amount = reader.num();
      const iv = flags & TRADE_IV ? reader.num() : undefined;
      const indexPrice = flags & TRADE_INDEX ? reader.num() : undefined;
      const trade: TradeEvent = { type: 'trade', venue, instrument, time, tradeId: reader.string(), price, amount, takerSide: flags & TRADE_SELL ? 'sell' : 'buy' };
      if (iv !== undefined) trade.iv = iv;
      if (indexPrice !== undefined) trade.indexPrice = indexPrice;
      event = trade;
      break;
    }
    case KIND_CODE.index:
      event = { type: 'index', venue, underlying: instrument, time, price: reader.num() } satisfies IndexEvent;
      break;
    case KIND_CODE['venue-status']: {
      const state = STATES[reader.u8()];
      if (state === undefined) throw new Error('recording: unknown venue state code');
      const status: VenueStatusEvent = { type: 'venue-status', venue, time, state };
      if (reader.at < end) status.reason = reader.string();
      event = status;
      break;
    }
    default:
      throw new Error(`recording: unknown kind code ${kind}`);
  }
  if (reader.at !== end) throw new Error(`recording: ${KINDS[kind]} payload has ${Math.abs(end - reader.at)} bytes ${reader.at < end ? 'more' : 'fewer'} than its fields`);
  return event;
}

/**
 * Reads packed fields by indexing the buffer (no per-field bounds checks: a read past the end
 * gives undefined, which the callers catch as a position past the payload's end). One reader is
 * reset onto each payload or block.
 */
export class PayloadReader {
  buffer: Buffer = Buffer.alloc(0);
  at = 0;
  /** The buffer's bytes, for float64s: DataView's read is a few machine instructions, Buffer's readDoubleLE a call too large to inline. */
  private view = new DataView(this.buffer.buffer, this.buffer.byteOffset, 0);
  private scratch = new Float64Array(32);

  reset(buffer: Buffer, at: number): void {
    this.buffer = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
    this.at = at;
  }

  u8(): number {
    return this.buffer[this.at++]!;
  }

  u16(): number {
    const { buffer, at } = this;
    this.at = at + 2;
    return buffer[at]! | (buffer[at + 1]! << 8);
  }

  /** A varint: small ones (under 2^28, nearly all) in int32 arithmetic, larger ones in doubles. */
  varint(): number {
    const buffer = this.buffer;
    let at = this.at;
    let byte = buffer[at++]!;
    let value = byte & 0x7f;
    for (let shift = 7; byte >= 0x80 && shift < 28; shift += 7) {
      byte = buffer[at++]!;
      value |= (byte & 0x7f) << shift;
    }
    for (let weight = 2 ** 28; byte >= 0x80; weight *= 0x80) {
      byte = buffer[at++]!;
      value += (byte & 0x7f) * weight;
    }
    this.at = at;
    return value;
  }

  double(): number {
    const value = this.view.getFloat64(this.at, true);
    this.at += 8;
    return value;
  }

  num(): number {
    const tag = this.u8();
    if (tag === RAW_DOUBLE) return this.double();
    const scale = POWERS[tag];
    if (scale === undefined) throw new RangeError(`recording: number tag ${tag} is not a codec tag`);
    return unzigzag(this.varint()) / scale;
  }

  /**
   * `count` numbers into a scratch array, valid until the next call: one call site of num() for
   * many numbers, so it is inlined and none is boxed on its way out (as a lone call's result is).
   */
  nums(count: number): Float64Array {
    if (count > this.scratch.length) this.scratch = new Float64Array(Math.max(count, 2 * this.scratch.length));
    const values = this.scratch;
    for (let i = 0; i < count; i++) values[i] = this.num();
    return values;
  }

  /** `count` levels into `levels`, its pairs overwritten in place (resizeLevels). */
  levelsInto(levels: Level[], count: number): void {
    const v = this.nums(2 * count);
    resizeLevels(levels, count);
    for (let i = 0; i < count; i++) {
      const level = levels[i]!;
      level[0] = v[2 * i]!;
      level[1] = v[2 * i + 1]!;
    }
  }

  string(): string {
    const bytes = this.u16();
    if (this.at + bytes > this.buffer.length) throw new RangeError('recording: string runs past its payload');
    const text = this.buffer.toString('utf8', this.at, this.at + bytes);
    this.at += bytes;
    return text;
  }
}

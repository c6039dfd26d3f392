/**
 * The journal of published quotes: each with its full breakdown (every term, both sides, in the
 * price currency per contract) and the id of the parameter set it was priced with, so history can
 * say why a price was what it was. The breakdown is stored as the engine computed it, 2 x terms
 * doubles in one blob (exact, 144 bytes), and decoded by term name on the way out.
 */
import type { Database, Statement } from 'better-sqlite3';
import { TERMS, type QuoteSide, type QuoteView, type Term } from '../premium/quote-engine';

export interface JournalQuote {
  time: number;
  paramsId: number;
  view: QuoteView;
}

export interface StoredQuote {
  id: number;
  time: number;
  instrument: string;
  size: number;
  paramsId: number;
  theo: number;
  vol: number;
  bid: number | null;
  ask: number | null;
  limits: Record<QuoteSide, string | null>;
  premium: Record<Term, { bid: number; ask: number }>;
}

interface QuoteRow {
  id: number;
  time_ms: number;
  instrument: string;
  size: number;
  params_id: number;
  theo: number;
  vol: number;
  bid: number | null;
  ask: number | null;
  bid_suppressed: string | null;
  ask_suppressed: string | null;
  breakdown: Buffer;
}

type InsertArgs = [number, string, number, number, number, number, number | null, number | null, string | null, string | null, Buffer];

function breakdownOf(view: QuoteView): Buffer {
  const values = new Float64Array(2 * TERMS.length);
  TERMS.forEach((term, t) => {
    values[t] = view.premium[term].bid;
    values[TERMS.length + t] = view.premium[term].ask;
  });
  return Buffer.from(values.buffer);
}

function storedOf(row: QuoteRow): StoredQuote {
  const blob = row.breakdown;
  if (blob.byteLength !== 16 * TERMS.length) throw new Error(`quote ${row.id}: breakdown of ${blob.byteLength} bytes, expected ${16 * TERMS.length}`);
  const values = new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  const premium = {} as StoredQuote['premium'];
  TERMS.forEach((term, t) => (premium[term] = { bid: values[t]!, ask: values[TERMS.length + t]! }));
  return {
    id: row.id,
    time: row.time_ms,
    instrument: row.instrument,
    size: row.size,
    paramsId: row.params_id,
    theo: row.theo,
    vol: row.vol,
    bid: row.bid,
    ask: row.ask,
    limits: { bid: row.bid_suppressed, ask: row.ask_suppressed },
    premium,
  };
}

export class QuoteJournal {
  private readonly insert: Statement<InsertArgs>;
  private readonly range: Statement<[string, number, number], QuoteRow>;
  private readonly counter: Statement<[], { n: number }>;
  private readonly appendAll: (quotes: readonly JournalQuote[]) => void;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO quotes (time_ms, instrument, size, params_id, theo, vol, bid, ask, bid_suppressed, ask_suppressed, breakdown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.range = db.prepare('SELECT * FROM quotes WHERE instrument = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms, id');
    this.counter = db.prepare('SELECT count(*) AS n FROM quotes');
    // One transaction per publication: a crash keeps all of a requote's quotes or none.
    this.appendAll = db.transaction((quotes: readonly JournalQuote[]) => {
      for (const { time, paramsId, view } of quotes) {
        this.insert.run(time, view.instrument, view.size, paramsId, view.theo, view.vol, view.bid, view.ask, view.limits.bid, view.limits.ask, breakdownOf(view));
      }
    });
  }

  append(quotes: readonly JournalQuote[]): void {
    if (quotes.length > 0) this.appendAll(quotes);
  }

  history(instrument: string, from = -Infinity, to = Infinity): StoredQuote[] {
    return this.range.all(instrument, Math.max(from, Number.MIN_SAFE_INTEGER), Math.min(to, Number.MAX_SAFE_INTEGER)).map(storedOf);
  }

  count(): number {
    return this.counter.get()!.n;
  }
}

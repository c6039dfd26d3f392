/**
 * Fills are the source of truth; positions are derived from them and rebuildable. Every fill is
 * written in one transaction with its position, so a reader never sees one without the other.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Fill, FillSource, Position, Side } from '../../../shared/contract/schemas';
import { compareInstruments, parseInstrument } from '../../../shared/domain/instrument';
import { applyFill, PositionAccumulator } from './position-accounting';

/** A validated fill ready to store (the contract's NewFill after parsing). */
export interface FillToStore {
  instrument: string;
  side: Side;
  size: number;
  price: number;
  fee: number;
  time: number;
  venue: string;
  source: FillSource;
  venueTradeId?: string | undefined;
  note?: string | undefined;
}

export class DuplicateFillError extends Error {
  constructor(
    readonly venue: string,
    readonly venueTradeId: string,
  ) {
    super(`fill ${venue}:${venueTradeId} is already stored`);
    this.name = 'DuplicateFillError';
  }
}

/** A row of the fills table as SQLite gives it (and as the desk's fills export writes it). */
export interface FillRow {
  id: number;
  instrument: string;
  side: Side;
  size: number;
  price: number;
  fee: number;
  time_ms: number;
  venue: string;
  source: FillSource;
  venue_trade_id: string | null;
  note: string | null;
  recorded_at_ms: number;
}

interface PositionRow {
  instrument: string;
  currency: string;
  size: number;
  avg_price: number;
  realized_pnl: number;
  fees: number;
  fill_count: number;
  last_fill_time: number;
}

export const toFill = (row: FillRow): Fill => ({
  id: row.id,
  instrument: row.instrument,
  side: row.side,
  size: row.size,
  price: row.price,
  fee: row.fee,
  time: row.time_ms,
  venue: row.venue,
  source: row.source,
  venueTradeId: row.venue_trade_id,
  note: row.note,
  recordedAt: row.recorded_at_ms,
});

const toPosition = (row: PositionRow): Position => ({
  instrument: row.instrument,
  currency: row.currency,
  size: row.size,
  avgPrice: row.avg_price,
  realizedPnl: row.realized_pnl,
  fees: row.fees,
  fillCount: row.fill_count,
  lastFillTime: row.last_fill_time,
});

export interface StoredFill {
  fill: Fill;
  /** The instrument's position after the fill; null when the fill left it flat. */
  position: Position | null;
}

const FILL_COLUMNS = 'instrument, side, size, price, fee, time_ms, venue, source, venue_trade_id, note, recorded_at_ms';
const FILL_PARAMS = 11;
/**
 * Rows per INSERT statement when ingesting: a million single-row calls spend most of their time
 * crossing from JavaScript into SQLite; 100 rows (1,100 parameters, under SQLite's 32,766) cut
 * that a hundredfold and measured fastest (bench/suites/store.ts).
 */
const INGEST_CHUNK = 100;

/** The numbers a fold needs, in the order the accumulator takes them: no strings but the instrument. */
const FOLD_COLUMNS = "side = 'buy', size, price, fee, time_ms";

export class FillStore {
  private readonly insertFill: Statement<unknown[]>;
  private readonly insertChunk: Statement<unknown[]>;
  /** The parameters of one chunk, reused: a million fills allocate no arrays. */
  private readonly chunkParams: unknown[] = new Array(INGEST_CHUNK * FILL_PARAMS);
  private readonly selectFill: Statement<[number], FillRow>;
  private readonly selectPosition: Statement<[string], PositionRow>;
  private readonly upsertPosition: Statement;
  private readonly selectFoldUntil: Statement<[number], [string, number, number, number, number, number]>;
  private readonly selectReplay: Statement<[string], [string, number, number, number, number, number]>;
  private readonly selectByTradeId: Statement<[string, string], number>;
  private readonly countSameUnidentified: Statement<unknown[], number>;

  constructor(private readonly db: Database) {
    const row = `(${Array(FILL_PARAMS).fill('?').join(', ')})`;
    this.insertFill = db.prepare(`INSERT INTO fills (${FILL_COLUMNS}) VALUES ${row}`);
    this.insertChunk = db.prepare(`INSERT INTO fills (${FILL_COLUMNS}) VALUES ${Array(INGEST_CHUNK).fill(row).join(', ')}`);
    this.selectFill = db.prepare('SELECT * FROM fills WHERE id = ?');
    this.selectPosition = db.prepare('SELECT * FROM positions WHERE instrument = ?');
    this.upsertPosition = db.prepare(
      `INSERT INTO positions (instrument, currency, size, avg_price, realized_pnl, fees, fill_count, last_fill_time)
       VALUES (@instrument, @currency, @size, @avgPrice, @realizedPnl, @fees, @fillCount, @lastFillTime)
       ON CONFLICT (instrument) DO UPDATE SET size = excluded.size, avg_price = excluded.avg_price,
         realized_pnl = excluded.realized_pnl, fees = excluded.fees, fill_count = excluded.fill_count,
         last_fill_time = excluded.last_fill_time`,
    );
    // No index leads with the instrument (migration 8): one scan of the table finds every
    // instrument replayed, and SQLite sorts what it found.
    this.selectReplay = db
      .prepare<[string], [string, number, number, number, number, number]>(
        `SELECT instrument, ${FOLD_COLUMNS} FROM fills WHERE instrument IN (SELECT value FROM json_each(?)) ORDER BY instrument, time_ms, id`,
      )
      .raw();
    this.selectFoldUntil = db
      .prepare<[number], [string, number, number, number, number, number]>(`SELECT instrument, ${FOLD_COLUMNS} FROM fills WHERE time_ms <= ? ORDER BY time_ms, id`)
      .raw();
    this.selectByTradeId = db.prepare<[string, string], number>('SELECT 1 FROM fills WHERE venue = ? AND venue_trade_id = ?').pluck();
    // By time: left to itself the planner would take the trade id index (venue = ? AND
    // venue_trade_id IS NULL), which holds every fill without a trade id.
    this.countSameUnidentified = db
      .prepare<unknown[], number>(
        `SELECT count(*) FROM fills INDEXED BY fills_by_time
           WHERE instrument = ? AND time_ms = ? AND side = ? AND size = ? AND price = ? AND fee = ? AND venue = ? AND venue_trade_id IS NULL`,
      )
      .pluck();
  }

  /** Store one fill and update its instrument's position, atomically. */
  add(fill: FillToStore, recordedAt: number): StoredFill {
    return this.db.transaction((): StoredFill => {
      const stored = this.insertOne(fill, recordedAt);
      const before = this.position(fill.instrument);
      // A fill older than the position's last one changes the average-cost path: replay the instrument.
      const position =
        before && fill.time < before.lastFillTime ? this.replay([fill.instrument]).get(fill.instrument)! : this.savePosition(applyFill(before, stored));
      return { fill: stored, position: position.size === 0 ? null : position };
    }).immediate();
  }

  /**
   * Store many fills all or nothing (a duplicate or a constraint failure stores none of them) and
   * bring their positions up to date: folded forward when the fills come after each position's
   * last one, replayed for an instrument where one comes earlier. Answers the ids given, which are
   * consecutive: one writer holds the transaction and ids are max(rowid) + 1.
   */
  ingest(fills: readonly FillToStore[], recordedAt: number): { firstId: number; count: number } {
    return this.db.transaction(() => {
      const firstId = this.insertRows(fills, recordedAt);
      const positions = new Map<string, PositionAccumulator | null>(); // null: replay it at the end
      for (const fill of fills) {
        let position = positions.get(fill.instrument);
        if (position === undefined) {
          const stored = this.position(fill.instrument);
          position = stored ? PositionAccumulator.from(stored) : PositionAccumulator.open(fill.instrument, fill.time);
          positions.set(fill.instrument, position);
        }
        if (position === null) continue;
        if (position.fillCount > 0 && fill.time < position.lastFillTime) positions.set(fill.instrument, null);
        else position.apply(fill.side === 'buy', fill.size, fill.price, fill.fee, fill.time);
      }
      const replayed: string[] = [];
      for (const [instrument, position] of positions) {
        if (position) this.savePosition(position.snapshot());
        else replayed.push(instrument);
      }
      this.replay(replayed);
      return { firstId, count: fills.length };
    }).immediate();
  }

  /**
   * Store the fills that are not stored yet, all or nothing, for imports that overlap earlier ones.
   * Already stored: a fill with the same venue and trade id, or, for a fill without a trade id
   * (a manual entry in the desk's own export), a stored fill without one that matches it in every
   * field; n identical such lines match at most n stored fills, so two real identical fills survive.
   */
  addNew(fills: readonly FillToStore[], recordedAt: number): { added: number; duplicates: number } {
    return this.db.transaction(() => {
      const unidentified = new Map<string, number>(); // stored matches not yet claimed, by identity
      const fresh = fills.filter((fill) => {
        if (fill.venueTradeId) return this.selectByTradeId.get(fill.venue, fill.venueTradeId) === undefined;
        const identity = [fill.instrument, fill.time, fill.side, fill.size, fill.price, fill.fee, fill.venue] as const;
        const key = JSON.stringify(identity);
        const stored = unidentified.get(key) ?? this.countSameUnidentified.get(...identity)!;
        unidentified.set(key, stored - 1);
        return stored <= 0;
      });
      if (fresh.length > 0) this.ingest(fresh, recordedAt);
      return { added: fresh.length, duplicates: fills.length - fresh.length };
    }).immediate();
  }

  /** ingest, answering the stored fills. */
  addAll(fills: readonly FillToStore[], recordedAt: number): Fill[] {
    const { firstId } = this.ingest(fills, recordedAt);
    return fills.map((fill, i) => ({
      id: firstId + i,
      instrument: fill.instrument,
      side: fill.side,
      size: fill.size,
      price: fill.price,
      fee: fill.fee,
      time: fill.time,
      venue: fill.venue,
      source: fill.source,
      venueTradeId: fill.venueTradeId ?? null,
      note: fill.note ?? null,
      recordedAt,
    }));
  }

  get(id: number): Fill | null {
    const row = this.selectFill.get(id);
    return row ? toFill(row) : null;
  }

  /** The latest fills, newest first; within [from, to) when given. */
  list(limit: number, from = Number.MIN_SAFE_INTEGER, to = Number.MAX_SAFE_INTEGER): Fill[] {
    return this.db
      .prepare<[number, number, number], FillRow>('SELECT * FROM fills WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms DESC, id DESC LIMIT ?')
      .all(from, to, limit)
      .map(toFill);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM fills').get() as { n: number }).n;
  }

  position(instrument: string): Position | null {
    const row = this.selectPosition.get(instrument);
    return row ? toPosition(row) : null;
  }

  /** Open positions by underlying, expiry and strike (flat ones keep their realized P&L in the table, unlisted). */
  positions(): Position[] {
    return byInstrument(this.db.prepare<[], PositionRow>('SELECT * FROM positions WHERE size != 0').all().map(toPosition));
  }

  /** The open positions as they stood at `time`: every fill at or before it folded in (time, id) order, as a rebuild folds them. */
  positionsAt(time: number): Position[] {
    const positions = foldByInstrument(this.selectFoldUntil.iterate(time));
    return byInstrument([...positions.values()].map((position) => position.snapshot()).filter((position) => position.size !== 0));
  }

  /** Every position row, flat ones too (they keep their realized P&L and fees), in no order. */
  allPositions(): Position[] {
    return this.db.prepare<[], PositionRow>('SELECT * FROM positions').all().map(toPosition);
  }

  positionCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM positions WHERE size != 0').get() as { n: number }).n;
  }

  /**
   * Derive every position again from the fills, in one transaction. One table scan in storage
   * order folds each fill into its instrument; storage order is time order for fills recorded as
   * they happen, and an instrument that has a fill out of time order is replayed in (time, id) order.
   */
  rebuildPositions(): number {
    return this.db.transaction((): number => {
      this.db.exec('DELETE FROM positions');
      const positions = new Map<string, PositionAccumulator>();
      const outOfOrder = new Set<string>();
      // A SQL function SQLite calls once per row of the scan: the fastest way through a million
      // fills from JavaScript (no row objects, no generator). Registered per rebuild, bound to this one.
      this.db.function('desk_fold_fill', { deterministic: false, directOnly: true }, (instrument, buy, size, price, fee, time) => {
        let position = positions.get(instrument as string);
        if (!position) positions.set(instrument as string, (position = PositionAccumulator.open(instrument as string, time as number)));
        if (position.fillCount > 0 && (time as number) < position.lastFillTime) outOfOrder.add(instrument as string);
        position.apply(buy === 1, size as number, price as number, fee as number, time as number);
        return null;
      });
      this.db.prepare(`SELECT count(desk_fold_fill(instrument, ${FOLD_COLUMNS})) FROM fills`).get();
      for (const [instrument, position] of positions) if (!outOfOrder.has(instrument)) this.savePosition(position.snapshot());
      this.replay(outOfOrder);
      return positions.size;
    }).immediate();
  }

  /**
   * Rebuild every position and name the instruments whose stored position differed from the
   * rebuild (an imported positions table that does not follow from its fills). Bit-for-bit: the
   * incremental and the rebuilt paths fold the same fills in the same order.
   */
  reconcilePositions(): string[] {
    return this.db.transaction((): string[] => {
      const select = this.db.prepare<[], PositionRow>('SELECT * FROM positions ORDER BY instrument');
      const key = (row: PositionRow) => JSON.stringify(row);
      const before = new Map(select.all().map((row) => [row.instrument, key(row)]));
      this.rebuildPositions();
      const after = new Map(select.all().map((row) => [row.instrument, key(row)]));
      return [...new Set([...before.keys(), ...after.keys()])].filter((instrument) => before.get(instrument) !== after.get(instrument)).sort();
    })();
  }

  private insertOne(fill: FillToStore, recordedAt: number): Fill {
    return toFill(this.selectFill.get(this.insertRow(fill, recordedAt))!);
  }

  /** Insert one fill row; its id. */
  private insertRow(fill: FillToStore, recordedAt: number): number {
    try {
      return Number(this.insertFill.run(fillParams([], 0, fill, recordedAt)).lastInsertRowid);
    } catch (error) {
      throw duplicateOr(error, fill);
    }
  }

  /**
   * Insert fills in chunks of INGEST_CHUNK rows per statement, inside the caller's transaction;
   * the first one's id. A failed chunk statement is undone by SQLite alone (statement
   * journal), so on a constraint failure the chunk goes again row by row to name the fill at fault.
   */
  private insertRows(fills: readonly FillToStore[], recordedAt: number): number {
    let firstId = 0;
    let i = 0;
    for (; i + INGEST_CHUNK <= fills.length; i += INGEST_CHUNK) {
      for (let r = 0; r < INGEST_CHUNK; r++) fillParams(this.chunkParams, r * FILL_PARAMS, fills[i + r]!, recordedAt);
      let lastId: number;
      try {
        lastId = Number(this.insertChunk.run(this.chunkParams).lastInsertRowid);
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        for (let r = 0; r < INGEST_CHUNK; r++) this.insertRow(fills[i + r]!, recordedAt);
        throw error; // a unique failure the rows alone do not repeat cannot happen; never swallow it
      }
      if (firstId === 0) firstId = lastId - INGEST_CHUNK + 1;
    }
    for (; i < fills.length; i++) {
      const id = this.insertRow(fills[i]!, recordedAt);
      if (firstId === 0) firstId = id;
    }
    return firstId;
  }

  /** Replay instruments' fills in (time, id) order, all in one scan; their positions. */
  private replay(instruments: Iterable<string>): Map<string, Position> {
    const names = [...instruments];
    if (names.length === 0) return new Map();
    const folded = foldByInstrument(this.selectReplay.iterate(JSON.stringify(names)));
    // Saved after the scan: better-sqlite3 allows no write while a statement iterates.
    return new Map(
      names.map((name) => {
        const position = folded.get(name);
        if (!position) throw new Error(`no fills for ${name}`);
        return [name, this.savePosition(position.snapshot())];
      }),
    );
  }

  private savePosition(position: Position): Position {
    this.upsertPosition.run(position);
    return position;
  }
}

/** Fill rows (instrument, then FOLD_COLUMNS), in (time, id) order within each instrument, folded into a position per instrument. */
function foldByInstrument(rows: Iterable<[string, number, number, number, number, number]>): Map<string, PositionAccumulator> {
  const positions = new Map<string, PositionAccumulator>();
  for (const [instrument, buy, size, price, fee, time] of rows) {
    let position = positions.get(instrument);
    if (!position) positions.set(instrument, (position = PositionAccumulator.open(instrument, time)));
    position.apply(buy === 1, size, price, fee, time);
  }
  return positions;
}

/** Positions by underlying, expiry and strike. */
function byInstrument(positions: Position[]): Position[] {
  return positions.sort((a, b) => compareInstruments(parseInstrument(a.instrument), parseInstrument(b.instrument)));
}

/** One fill's row parameters written into `into` at `at`, in FILL_COLUMNS order. */
function fillParams(into: unknown[], at: number, fill: FillToStore, recordedAt: number): unknown[] {
  into[at] = fill.instrument;
  into[at + 1] = fill.side;
  into[at + 2] = fill.size;
  into[at + 3] = fill.price;
  into[at + 4] = fill.fee;
  into[at + 5] = fill.time;
  into[at + 6] = fill.venue;
  into[at + 7] = fill.source;
  into[at + 8] = fill.venueTradeId ?? null;
  into[at + 9] = fill.note ?? null;
  into[at + 10] = recordedAt;
  return into;
}

function duplicateOr(error: unknown, fill: FillToStore): unknown {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && fill.venueTradeId ? new DuplicateFillError(fill.venue, fill.venueTradeId) : error;
}

/**
 * Fills are the source of truth; positions are derived from them and rebuildable. Every fill is
 * written in one transaction with its position, so a reader never sees one without the other.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Fill, FillSource, Position, Side } from '../../../shared/contract/schemas';
import { compareInstruments, parseInstrument } from '../../../shared/domain/instrument';
import { applyFill, positionsFromFills } from './position-accounting';

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

interface FillRow {
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

const toFill = (row: FillRow): Fill => ({
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

export class FillStore {
  private readonly insertFill: Statement;
  private readonly selectFill: Statement<[number], FillRow>;
  private readonly selectPosition: Statement<[string], PositionRow>;
  private readonly upsertPosition: Statement;
  private readonly deletePosition: Statement<[string]>;
  private readonly selectInstrumentFills: Statement<[string], FillRow>;

  constructor(private readonly db: Database) {
    this.insertFill = db.prepare(
      `INSERT INTO fills (instrument, side, size, price, fee, time_ms, venue, source, venue_trade_id, note, recorded_at_ms)
       VALUES (@instrument, @side, @size, @price, @fee, @time, @venue, @source, @venueTradeId, @note, @recordedAt)`,
    );
    this.selectFill = db.prepare('SELECT * FROM fills WHERE id = ?');
    this.selectPosition = db.prepare('SELECT * FROM positions WHERE instrument = ?');
    this.upsertPosition = db.prepare(
      `INSERT INTO positions (instrument, currency, size, avg_price, realized_pnl, fees, fill_count, last_fill_time)
       VALUES (@instrument, @currency, @size, @avgPrice, @realizedPnl, @fees, @fillCount, @lastFillTime)
       ON CONFLICT (instrument) DO UPDATE SET size = excluded.size, avg_price = excluded.avg_price,
         realized_pnl = excluded.realized_pnl, fees = excluded.fees, fill_count = excluded.fill_count,
         last_fill_time = excluded.last_fill_time`,
    );
    this.deletePosition = db.prepare('DELETE FROM positions WHERE instrument = ?');
    this.selectInstrumentFills = db.prepare('SELECT * FROM fills WHERE instrument = ? ORDER BY time_ms, id');
  }

  /** Store one fill and update its instrument's position, atomically. */
  add(fill: FillToStore, recordedAt: number): StoredFill {
    return this.db.transaction((): StoredFill => {
      const stored = this.insertOne(fill, recordedAt);
      const before = this.position(fill.instrument);
      // A fill older than the position's last one changes the average-cost path: replay the instrument.
      const position =
        before && fill.time < before.lastFillTime ? this.rebuildInstrument(fill.instrument) : this.savePosition(applyFill(before, stored));
      return { fill: stored, position: position.size === 0 ? null : position };
    }).immediate();
  }

  /** Store many fills all or nothing: a duplicate or a constraint failure stores none of them. */
  addAll(fills: readonly FillToStore[], recordedAt: number): Fill[] {
    return this.db.transaction((): Fill[] => {
      const stored = fills.map((fill) => this.insertOne(fill, recordedAt));
      for (const instrument of new Set(fills.map((fill) => fill.instrument))) this.rebuildInstrument(instrument);
      return stored;
    }).immediate();
  }

  list(limit: number): Fill[] {
    return this.db.prepare<[number], FillRow>('SELECT * FROM fills ORDER BY time_ms DESC, id DESC LIMIT ?').all(limit).map(toFill);
  }

  /** Every fill in time order, streamed. */
  *iterate(): Generator<Fill> {
    for (const row of this.db.prepare<[], FillRow>('SELECT * FROM fills ORDER BY time_ms, id').iterate()) yield toFill(row);
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
    return this.db
      .prepare<[], PositionRow>('SELECT * FROM positions WHERE size != 0')
      .all()
      .map(toPosition)
      .sort((a, b) => compareInstruments(parseInstrument(a.instrument), parseInstrument(b.instrument)));
  }

  positionCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM positions WHERE size != 0').get() as { n: number }).n;
  }

  /** Derive every position again from the fills, in one transaction. */
  rebuildPositions(): number {
    return this.db.transaction((): number => {
      this.db.exec('DELETE FROM positions');
      const positions = positionsFromFills(this.iterate());
      for (const position of positions.values()) this.savePosition(position);
      return positions.size;
    }).immediate();
  }

  private insertOne(fill: FillToStore, recordedAt: number): Fill {
    try {
      const { lastInsertRowid } = this.insertFill.run({
        ...fill,
        venueTradeId: fill.venueTradeId ?? null,
        note: fill.note ?? null,
        recordedAt,
      });
      return toFill(this.selectFill.get(Number(lastInsertRowid))!);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && fill.venueTradeId) {
        throw new DuplicateFillError(fill.venue, fill.venueTradeId);
      }
      throw error;
    }
  }

  private rebuildInstrument(instrument: string): Position {
    this.deletePosition.run(instrument);
    const fills = this.selectInstrumentFills.all(instrument).map(toFill);
    return this.savePosition(positionsFromFills(fills).get(instrument)!);
  }

  private savePosition(position: Position): Position {
    this.upsertPosition.run(position);
    return position;
  }
}

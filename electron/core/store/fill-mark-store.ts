/**
 * The desk's mark (its theo) of each option fill, at the fill and at each markout horizon
 * (migration 7): the row is written when the fill is, and each horizon's column when that horizon
 * passes while the desk runs; a horizon the desk did not live to see stays NULL, never guessed.
 */
import type { Database, Statement } from 'better-sqlite3';
import { horizonLabel, MARKOUT_HORIZONS_MS } from '../../../shared/domain/markout';

/** The mark at the fill and what the fill's pricing needs to read markouts in USD and vol points. */
export interface MarkAtFill {
  /** The desk's theo, the fill's price currency (coin for inverse options). */
  mark: number;
  /** The option's vega, price currency per vol point. */
  vegaPrice: number;
  /** USD per unit of price: the forward for inverse options, 1 for linear. */
  usdPerPrice: number;
}

/** A marked fill: what a markout needs of the fill, and its marks. */
export interface MarkedFillRow extends MarkAtFill {
  fillId: number;
  instrument: string;
  side: 'buy' | 'sell';
  size: number;
  price: number;
  time: number;
  /** The mark at each of MARKOUT_HORIZONS_MS after the fill; null where the desk did not see it. */
  after: (number | null)[];
}

const AFTER_COLUMNS = MARKOUT_HORIZONS_MS.map((ms) => `mark_${horizonLabel(ms)}`);
/** A marked fill's row: the fill's own columns, then its marks. */
const MARKED_FILL = `SELECT f.instrument, f.side, f.size, f.price, f.time_ms, m.fill_id, m.vega_price, m.usd_per_price, m.mark, ${AFTER_COLUMNS.map((c) => `m.${c}`).join(', ')}
  FROM fill_marks m JOIN fills f ON f.id = m.fill_id`;

type Row = [string, 'buy' | 'sell', number, number, number, number, number, number, number, ...(number | null)[]];

const toMarkedFill = ([instrument, side, size, price, time, fillId, vegaPrice, usdPerPrice, mark, ...after]: Row): MarkedFillRow => ({
  instrument,
  side,
  size,
  price,
  time,
  fillId,
  vegaPrice,
  usdPerPrice,
  mark,
  after,
});

export class FillMarkStore {
  private readonly insert: Statement<[number, number, number, number]>;
  private readonly updates: Statement<[number, number]>[];
  private readonly selectListed: Statement<[number, number, number], Row>;
  private readonly selectMarked: Statement<[number, number], Row>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO fill_marks (fill_id, mark, vega_price, usd_per_price) VALUES (?, ?, ?, ?)');
    this.updates = AFTER_COLUMNS.map((column) => db.prepare(`UPDATE fill_marks SET ${column} = ? WHERE fill_id = ?`));
    // The same fills as FillStore.list for the same range and limit, so a table joins the two.
    this.selectListed = db
      .prepare<[number, number, number], Row>(
        `${MARKED_FILL} WHERE f.id IN (SELECT id FROM fills WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms DESC, id DESC LIMIT ?) ORDER BY f.time_ms DESC, f.id DESC`,
      )
      .raw();
    this.selectMarked = db.prepare<[number, number], Row>(`${MARKED_FILL} WHERE f.time_ms >= ? AND f.time_ms < ? ORDER BY f.time_ms, f.id`).raw();
  }

  /** The mark at a stored fill. */
  open(fillId: number, { mark, vegaPrice, usdPerPrice }: MarkAtFill): void {
    this.insert.run(fillId, mark, vegaPrice, usdPerPrice);
  }

  /** The mark a horizon (index into MARKOUT_HORIZONS_MS) after the fill. */
  record(fillId: number, horizon: number, mark: number): void {
    this.updates[horizon]!.run(mark, fillId);
  }

  /** The marked ones among the fills `FillStore.list(limit, from, to)` returns, newest first. */
  listed(limit: number, from = Number.MIN_SAFE_INTEGER, to = Number.MAX_SAFE_INTEGER): MarkedFillRow[] {
    return this.selectListed.all(from, to, limit).map(toMarkedFill);
  }

  /** Every marked fill in [from, to), oldest first: what markouts are calibrated from. */
  marked(from = Number.MIN_SAFE_INTEGER, to = Number.MAX_SAFE_INTEGER): MarkedFillRow[] {
    return this.selectMarked.all(from, to).map(toMarkedFill);
  }
}

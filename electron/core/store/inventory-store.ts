/**
 * Inventory snapshots in two tiers (migration 5): every snapshot (1 s and on fills) in a narrow
 * numeric table keyed by time, its by-bucket detail beside it; and per closed minute the min,
 * max and last of every series with the minute's last detail. The minute row is written when
 * the minute closes, so a month's chart reads 43,200 minute rows, not 2.6 million snapshots;
 * compaction deletes the 1 s rows past the retention and the minute tier carries on.
 *
 * Why min/max/last per minute and not the last value alone: a chart of old history must still
 * show a spike inside a minute (LTTB picks it when it is there), and the last value is a state
 * the book was actually in, with its detail.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { InventorySeriesName } from '../../../shared/contract/history';

export const MINUTE_MS = 60_000;

/** The chartable series: contract name, unit, and the SQL of its value in a snapshot row. */
export const INVENTORY_SERIES = [
  { name: 'deltaUsd', unit: 'USD per unit log-return', column: 'delta_usd' },
  { name: 'gammaUsd', unit: "USD of a 1% move's convexity", column: 'gamma_usd' },
  { name: 'vega', unit: 'USD per vol point', column: 'vega' },
  { name: 'theta', unit: 'USD per day', column: 'theta' },
  { name: 'vanna', unit: 'USD delta per vol point', column: 'vanna' },
  { name: 'volga', unit: 'USD per vol point squared', column: 'volga' },
  { name: 'realizedPnl', unit: 'USD', column: 'realized_usd' },
  { name: 'unrealizedPnl', unit: 'USD', column: 'unrealized_usd' },
  { name: 'fees', unit: 'USD', column: 'fees_usd' },
  { name: 'netPnl', unit: 'USD', column: 'net_usd' },
] as const satisfies readonly { name: Exclude<InventorySeriesName, 'paramsId'>; unit: string; column: string }[];

/** A series' value in a 1 s row (of table alias `from`): net P&L is derived, never stored twice. */
const valueSql = (column: string, from = '') =>
  column === 'net_usd' ? `(${from}realized_usd + ${from}unrealized_usd - ${from}fees_usd)` : `${from}${column}`;

export interface InventoryTotals {
  deltaUsd: number;
  gammaUsd: number;
  vega: number;
  theta: number;
  vanna: number;
  volga: number;
  realizedUsd: number;
  unrealizedUsd: number;
  feesUsd: number;
}

export interface InventoryRow extends InventoryTotals {
  time: number;
  /** The fill the snapshot was taken on; null for the cadence's. */
  fillId: number | null;
  paramsId: number;
  /** Positions the market could not mark (expired, or no chain of their coin): their P&L is realized only. */
  unmarked: number;
  /** Factor exposures and per-coin greeks, named by `labels`. */
  labels: readonly string[];
  values: Float64Array;
}

/** The series a snapshot row stores (net P&L is derived). */
const SNAPSHOT_SERIES = INVENTORY_SERIES.filter(({ column }) => column !== 'net_usd');

type SnapshotRow = Record<string, number | null> & { exposures: Buffer | null; labels_json: string | null };

const SNAPSHOT_WITH_DETAIL = `SELECT s.*, d.exposures, l.labels_json FROM inventory_snapshots s
  LEFT JOIN inventory_details d ON d.time_ms = s.time_ms LEFT JOIN inventory_layouts l ON l.id = d.layout_id`;

const toInventoryRow = (row: SnapshotRow): InventoryRow => ({
  time: row.time_ms!,
  fillId: row.fill_id ?? null,
  paramsId: row.params_id!,
  deltaUsd: row.delta_usd!,
  gammaUsd: row.gamma_usd!,
  vega: row.vega!,
  theta: row.theta!,
  vanna: row.vanna!,
  volga: row.volga!,
  realizedUsd: row.realized_usd!,
  unrealizedUsd: row.unrealized_usd!,
  feesUsd: row.fees_usd!,
  unmarked: row.unmarked!,
  labels: row.labels_json ? (JSON.parse(row.labels_json) as string[]) : [],
  values: row.exposures ? float64sOf(row.exposures) : new Float64Array(0),
});

const SNAPSHOT_COLUMNS = 'time_ms, fill_id, params_id, delta_usd, gamma_usd, vega, theta, vanna, volga, realized_usd, unrealized_usd, fees_usd, unmarked';
const MINUTE_SERIES_COLUMNS = INVENTORY_SERIES.map(({ column }) => `${column}_min, ${column}_max, ${column}_last`).join(', ');

export class InventoryStore {
  private readonly insertSnapshot: Statement<unknown[]>;
  private readonly insertDetail: Statement<[number, number, Buffer]>;
  private readonly insertLayout: Statement<[string]>;
  private readonly layoutId: Statement<[string], number>;
  private readonly rollUpMinutes: Statement<[number, number]>;
  private readonly layouts = new Map<string, number>();
  private readonly bucketSelects = new Map<string, Statement>();
  /** The replay's reads (a cursor moved many times a second): the latest 1 s row and minute row at or before a time. */
  private readonly secondAt: Statement<[number], SnapshotRow>;
  private readonly minuteAt: Statement<[number, number], SnapshotRow>;
  /** Minutes before this are rolled up (the next one to roll up starts here). */
  private rolledTo: number;

  constructor(private readonly db: Database) {
    this.insertSnapshot = db.prepare(
      `INSERT INTO inventory_snapshots (${SNAPSHOT_COLUMNS}) VALUES (${SNAPSHOT_COLUMNS.split(',').map(() => '?').join(', ')})
       ON CONFLICT (time_ms) DO UPDATE SET fill_id = coalesce(excluded.fill_id, fill_id),
         ${SNAPSHOT_COLUMNS.split(', ').slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
    );
    this.insertDetail = db.prepare(
      `INSERT INTO inventory_details (time_ms, layout_id, exposures) VALUES (?, ?, ?)
       ON CONFLICT (time_ms) DO UPDATE SET layout_id = excluded.layout_id, exposures = excluded.exposures`,
    );
    this.insertLayout = db.prepare('INSERT INTO inventory_layouts (labels_json) VALUES (?) ON CONFLICT (labels_json) DO NOTHING');
    this.layoutId = db.prepare<[string], number>('SELECT id FROM inventory_layouts WHERE labels_json = ?').pluck();
    // Aggregates per minute, joined back to each minute's last snapshot for its last values and detail.
    this.rollUpMinutes = db.prepare(
      `INSERT INTO inventory_minutes (minute_ms, snapshots, last_ms, params_id, unmarked, ${MINUTE_SERIES_COLUMNS}, layout_id, exposures)
       SELECT g.minute_ms, g.n, s.time_ms, s.params_id, s.unmarked,
              ${INVENTORY_SERIES.map(({ column }) => `g.${column}_min, g.${column}_max, ${valueSql(column, 's.')}`).join(', ')},
              d.layout_id, d.exposures
       FROM (SELECT time_ms / ${MINUTE_MS} * ${MINUTE_MS} AS minute_ms, count(*) AS n, max(time_ms) AS last_ms,
                    ${INVENTORY_SERIES.map(({ column }) => `min(${valueSql(column)}) AS ${column}_min, max(${valueSql(column)}) AS ${column}_max`).join(', ')}
             FROM inventory_snapshots WHERE time_ms >= ? AND time_ms < ? GROUP BY 1) AS g
       JOIN inventory_snapshots AS s ON s.time_ms = g.last_ms
       LEFT JOIN inventory_details AS d ON d.time_ms = g.last_ms`,
    );
    this.secondAt = db.prepare(`${SNAPSHOT_WITH_DETAIL} WHERE s.time_ms <= ? ORDER BY s.time_ms DESC LIMIT 1`);
    // A minute whose last snapshot is by then started by then: the key bounds the scan.
    this.minuteAt = db.prepare(
      `SELECT m.last_ms AS time_ms, NULL AS fill_id, m.params_id, m.unmarked,
              ${SNAPSHOT_SERIES.map(({ column }) => `m.${column}_last AS ${column}`).join(', ')}, m.exposures, l.labels_json
       FROM inventory_minutes m LEFT JOIN inventory_layouts l ON l.id = m.layout_id
       WHERE m.minute_ms <= ? AND m.last_ms <= ? ORDER BY m.minute_ms DESC LIMIT 1`,
    );
    const lastMinute = db.prepare<[], number | null>('SELECT max(minute_ms) FROM inventory_minutes').pluck().get() ?? null;
    this.rolledTo = lastMinute === null ? -Infinity : lastMinute + MINUTE_MS;
  }

  /**
   * Store one snapshot (a second one at the same millisecond replaces it: the later state wins,
   * keeping the fill it followed), rolling up first every minute that closed before it, in one transaction.
   */
  save(row: InventoryRow): void {
    this.atomically(() => {
      this.rollUpBefore(Math.floor(row.time / MINUTE_MS) * MINUTE_MS);
      this.insertRow(row);
    });
  }

  /** Many snapshots in time order in one transaction (bulk loads, tests), rolled up as save() would. */
  saveMany(rows: Iterable<InventoryRow>): number {
    return this.atomically((): number => {
      let count = 0;
      for (const row of rows) {
        this.rollUpBefore(Math.floor(row.time / MINUTE_MS) * MINUTE_MS);
        this.insertRow(row);
        count += 1;
      }
      return count;
    });
  }

  /**
   * Delete the 1 s snapshots before `cutoff` (rounded down to a minute), rolling up first what
   * is not yet: all or nothing, fills untouched, and a second run with the same cutoff changes
   * nothing. Answers the snapshots deleted and the minutes rolled up.
   */
  compact(cutoff: number): { deleted: number; minutesRolledUp: number } {
    const before = Math.floor(cutoff / MINUTE_MS) * MINUTE_MS;
    return this.atomically(() => {
      const minutesRolledUp = this.rollUpBefore(before);
      this.db.prepare('DELETE FROM inventory_details WHERE time_ms < ?').run(before);
      const deleted = this.db.prepare('DELETE FROM inventory_snapshots WHERE time_ms < ?').run(before).changes;
      return { deleted, minutesRolledUp };
    });
  }

  /** The first 1 s snapshot still stored (null: none). Before it, only the minute tier remains. */
  firstSnapshotTime(): number | null {
    return this.db.prepare<[], number | null>('SELECT min(time_ms) FROM inventory_snapshots').pluck().get() ?? null;
  }

  /** Where the minute tier ends: the 1 s rows from here on are not rolled up yet. */
  rolledUpTo(): number {
    return this.rolledTo;
  }

  /**
   * A tier's rows in [from, to) grouped by SQLite into buckets `bucketMs` wide, each as
   * [first time, snapshots, last time, then min, max and last of each series]: a chart needs
   * no more than a few buckets per point, and grouping in SQL spares materializing every row.
   * A bucket holding one row gives that row's time and values exactly.
   */
  bucketRows(tier: 'seconds' | 'minutes', from: number, to: number, bucketMs: number, series: readonly InventorySeriesName[]): number[][] {
    if (!(Number.isInteger(bucketMs) && bucketMs >= 1)) throw new Error(`a bucket is a whole number of ms (got ${bucketMs})`);
    const key = `${tier} ${series.join(',')}`;
    let select = this.bucketSelects.get(key);
    if (!select) this.bucketSelects.set(key, (select = this.db.prepare(bucketSql(tier, series)).raw()));
    return select.all(from, bucketMs, from, to) as number[][];
  }

  /** Snapshots with their detail in [from, to), newest last (the CLI's full rows). */
  snapshots(from: number, to: number, limit: number): InventoryRow[] {
    return this.db
      .prepare<[number, number, number], SnapshotRow>(`${SNAPSHOT_WITH_DETAIL} WHERE s.time_ms >= ? AND s.time_ms < ? ORDER BY s.time_ms LIMIT ?`)
      .all(from, to, limit)
      .map(toInventoryRow);
  }

  /**
   * The book's state at a time (a replay's cursor): the latest snapshot at or before it, from
   * the 1 s tier or, where that was compacted, the last snapshot of the minute (its last values and
   * detail, the fill it followed not kept); null before the first.
   */
  snapshotAt(time: number): InventoryRow | null {
    const second = this.secondAt.get(time);
    const minute = this.minuteAt.get(time, time);
    const latest = second && minute ? (second.time_ms! >= minute.time_ms! ? second : minute) : (second ?? minute);
    return latest ? toInventoryRow(latest) : null;
  }

  /** One write transaction; the rollup watermark moves only if it commits. */
  private atomically<T>(write: () => T): T {
    const rolledTo = this.rolledTo;
    try {
      return this.db.transaction(write).immediate();
    } catch (error) {
      this.rolledTo = rolledTo;
      throw error;
    }
  }

  /** Roll up every closed minute before `before` not rolled up yet; the minutes written. */
  private rollUpBefore(before: number): number {
    if (before <= this.rolledTo) return 0;
    // Nothing before the first 1 s row to roll up: start there (or nothing at all when empty).
    const from = Number.isFinite(this.rolledTo) ? this.rolledTo : (this.firstSnapshotTime() ?? before);
    const written = from < before ? this.rollUpMinutes.run(from, before).changes : 0;
    this.rolledTo = before;
    return written;
  }

  private insertRow(row: InventoryRow): void {
    if (row.labels.length !== row.values.length) throw new Error(`a snapshot's detail has ${row.values.length} values for ${row.labels.length} labels`);
    this.insertSnapshot.run(
      row.time,
      row.fillId,
      row.paramsId,
      row.deltaUsd,
      row.gammaUsd,
      row.vega,
      row.theta,
      row.vanna,
      row.volga,
      row.realizedUsd,
      row.unrealizedUsd,
      row.feesUsd,
      row.unmarked,
    );
    this.insertDetail.run(row.time, this.layout(row.labels), Buffer.from(row.values.buffer, row.values.byteOffset, row.values.byteLength));
  }

  private layout(labels: readonly string[]): number {
    const key = JSON.stringify(labels);
    let id = this.layouts.get(key);
    if (id === undefined) {
      this.insertLayout.run(key);
      id = this.layoutId.get(key)!;
      this.layouts.set(key, id);
    }
    return id;
  }
}

function columnOf(series: InventorySeriesName): string {
  if (series === 'paramsId') return 'params_id';
  return INVENTORY_SERIES.find(({ name }) => name === series)!.column;
}

/**
 * Buckets of a tier, joined back to each bucket's last row for its last values. The 1 s tier
 * aggregates values, the minute tier its minutes' min and max (a minute keeps only its last
 * parameter set's id).
 */
function bucketSql(tier: 'seconds' | 'minutes', series: readonly InventorySeriesName[]): string {
  const seconds = tier === 'seconds';
  const [table, time] = seconds ? ['inventory_snapshots', 'time_ms'] : ['inventory_minutes', 'minute_ms'];
  const aggregates = series.map((name) => {
    const column = columnOf(name);
    if (name === 'paramsId') return `min(params_id) AS a_${name}, max(params_id) AS b_${name}`;
    return seconds
      ? `min(${valueSql(column)}) AS a_${name}, max(${valueSql(column)}) AS b_${name}`
      : `min(${column}_min) AS a_${name}, max(${column}_max) AS b_${name}`;
  });
  const lasts = series.map((name) => {
    const column = columnOf(name);
    return seconds || name === 'paramsId' ? valueSql(column, 'r.') : `r.${column}_last`;
  });
  return `SELECT g.first, g.n, ${seconds ? 'r.time_ms' : 'r.last_ms'},
            ${series.map((name, k) => `g.a_${name}, g.b_${name}, ${lasts[k]}`).join(', ')}
     FROM (SELECT (${time} - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS bucket, min(${time}) AS first, max(${time}) AS last,
                  ${seconds ? 'count(*)' : 'sum(snapshots)'} AS n, ${aggregates.join(', ')}
           FROM ${table} WHERE ${time} >= ? AND ${time} < ? GROUP BY bucket) AS g
     JOIN ${table} AS r ON r.${time} = g.last
     ORDER BY g.first`;
}

/** A BLOB of little-endian float64s as numbers (copied: SQLite's buffer may not be 8-byte aligned). */
function float64sOf(blob: Buffer): Float64Array {
  const values = new Float64Array(blob.byteLength / 8);
  for (let i = 0; i < values.length; i++) values[i] = blob.readDoubleLE(i * 8);
  return values;
}

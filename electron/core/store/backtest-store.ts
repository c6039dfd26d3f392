/**
 * Backtest runs as started from the desk: each stored when it starts and once more when it ends
 * (done with its result, cancelled, or failed with why), in single statements, so a run is never
 * half-written. A run left 'running' by a desk that stopped is marked failed when the store opens.
 */
import type { Database, Statement } from 'better-sqlite3';
import { BacktestConfig, type BacktestRun, type BacktestSummary, type InventorySamples } from '../../../shared/contract/backtest';

/** A run's row without its result: the summary read out of it by SQLite, the path left in place. */
interface RunRow {
  id: number;
  started_ms: number;
  finished_ms: number | null;
  config_json: string;
  state: BacktestRun['state'];
  error: string | null;
  summary_json: string | null;
}

const RUN_COLUMNS = "id, started_ms, finished_ms, config_json, state, error, json_extract(result_json, '$.summary') AS summary_json";

/**
 * A finished run as stored (result_json): the summary (with several paths, means across them and
 * the comparison stats), the first path's P&L each step (t, pnl) and its inventory samples, and
 * each path's own summary. Runs stored before these last two have neither.
 */
export interface StoredResult {
  summary: BacktestSummary;
  t: number[];
  pnl: number[];
  inventory?: InventorySamples;
  paths?: BacktestSummary[];
}

const toRun = (row: RunRow): BacktestRun => ({
  id: row.id,
  started: row.started_ms,
  finished: row.finished_ms,
  config: BacktestConfig.parse(JSON.parse(row.config_json)),
  state: row.state,
  progress: row.state === 'done' ? 1 : 0,
  error: row.error,
  summary: row.summary_json === null ? null : (JSON.parse(row.summary_json) as BacktestSummary),
});

export class BacktestStore {
  private readonly insert: Statement<[number, string]>;
  private readonly finish: Statement<[number, BacktestRun['state'], string | null, string | null, number]>;
  private readonly byId: Statement<[number], RunRow>;
  private readonly resultOf: Statement<[number], { result_json: string | null }>;
  private readonly latest: Statement<[number], RunRow>;

  constructor(db: Database, now: number) {
    this.insert = db.prepare("INSERT INTO backtest_runs (started_ms, config_json, state) VALUES (?, ?, 'running')");
    this.finish = db.prepare("UPDATE backtest_runs SET finished_ms = ?, state = ?, error = ?, result_json = ? WHERE id = ? AND state = 'running'");
    this.byId = db.prepare(`SELECT ${RUN_COLUMNS} FROM backtest_runs WHERE id = ?`);
    this.resultOf = db.prepare('SELECT result_json FROM backtest_runs WHERE id = ?');
    this.latest = db.prepare(`SELECT ${RUN_COLUMNS} FROM backtest_runs ORDER BY id DESC LIMIT ?`);
    db.prepare("UPDATE backtest_runs SET state = 'failed', finished_ms = ?, error = 'the desk stopped during the run' WHERE state = 'running'").run(now);
  }

  start(config: BacktestConfig, now: number): BacktestRun {
    return this.get(Number(this.insert.run(now, JSON.stringify(config)).lastInsertRowid))!;
  }

  /** The run's end; false when it had already ended (a cancel racing a result). */
  end(id: number, now: number, outcome: { state: 'done'; result: StoredResult } | { state: 'cancelled' } | { state: 'failed'; error: string }): boolean {
    const result = outcome.state === 'done' ? JSON.stringify(outcome.result) : null;
    return this.finish.run(now, outcome.state, outcome.state === 'failed' ? outcome.error : null, result, id).changes === 1;
  }

  get(id: number): BacktestRun | null {
    const row = this.byId.get(id);
    return row ? toRun(row) : null;
  }

  result(id: number): StoredResult | null {
    const row = this.resultOf.get(id);
    return row?.result_json ? (JSON.parse(row.result_json) as StoredResult) : null;
  }

  list(limit: number): BacktestRun[] {
    return this.latest.all(limit).map(toRun);
  }
}

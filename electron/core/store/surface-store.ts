/**
 * Accepted surface calibrations, stored whole: the parameters, fit errors, drop counts and
 * arbitrage status of every slice, with the inputs' time, so a risk manager can review what the
 * engine priced with and a replay can rebuild the surface that was in force at any moment.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Settlement } from '../../../shared/domain/instrument';
import type { SliceCalibration } from '../surface/calibrate';
import type { DropReason, FitSource } from '../surface/chain';

export interface CalibrationRecord {
  venue: string;
  underlying: string;
  /** The chain's settlement; null for a calibration recorded before the store kept it (migration 9). */
  settlement: Settlement | null;
  /** The chain snapshot's time (its latest quote), ms. */
  inputsTime: number;
  calibratedAt: number;
  source: FitSource;
  /** Whether the fit started from the previous calibration's parameters. */
  warm: boolean;
  durationMs: number;
  slices: SliceCalibration[];
}

export interface StoredCalibration extends CalibrationRecord {
  id: number;
}

interface CalibrationRow {
  id: number;
  venue: string;
  underlying: string;
  settlement: Settlement | null;
  inputs_time_ms: number;
  calibrated_at_ms: number;
  source: FitSource;
  warm: number;
  duration_ms: number;
}

interface SliceRow {
  expiry_ms: number;
  t_years: number;
  forward: number | null;
  model: 'svi' | 'ssvi' | null;
  a: number | null;
  b: number | null;
  rho: number | null;
  m: number | null;
  sigma: number | null;
  n_used: number;
  n_dropped: number;
  dropped_json: string;
  rmse_vol_pts: number | null;
  within_bid_ask: number | null;
  butterfly: number;
  calendar: number;
}

function sliceOf(row: SliceRow): SliceCalibration {
  const { a, b, rho, m, sigma } = row;
  return {
    expiry: row.expiry_ms,
    T: row.t_years,
    forward: row.forward ?? NaN,
    svi: a !== null && b !== null && rho !== null && m !== null && sigma !== null ? { a, b, rho, m, sigma } : null,
    model: row.model,
    nUsed: row.n_used,
    nDropped: row.n_dropped,
    dropped: JSON.parse(row.dropped_json) as Record<DropReason, number>,
    rmseVolPts: row.rmse_vol_pts,
    withinBidAsk: row.within_bid_ask,
    arbitrage: { butterfly: row.butterfly === 1, calendar: row.calendar === 1 },
  };
}

export class SurfaceStore {
  private readonly insertCalibration: Statement;
  private readonly insertSlice: Statement;
  private readonly selectSlices: Statement<[number], SliceRow>;
  private readonly selectLatest: Statement<[{ venue: string; underlying: string; settlement: Settlement | null; time: number }], CalibrationRow>;
  private readonly selectHistory: Statement<[{ venue: string; underlying: string; settlement: Settlement | null; from: number; to: number; limit: number }], CalibrationRow>;
  private readonly selectMainSettlement: Statement<[string, string], { settlement: Settlement | null }>;

  constructor(private readonly db: Database) {
    this.insertCalibration = db.prepare(
      `INSERT INTO surface_calibrations (venue, underlying, settlement, inputs_time_ms, calibrated_at_ms, source, warm, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertSlice = db.prepare(
      `INSERT INTO surface_slices (calibration_id, expiry_ms, t_years, forward, model, a, b, rho, m, sigma,
         n_used, n_dropped, dropped_json, rmse_vol_pts, within_bid_ask, butterfly, calendar)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectSlices = db.prepare('SELECT * FROM surface_slices WHERE calibration_id = ? ORDER BY expiry_ms');
    this.selectLatest = db.prepare(
      `SELECT * FROM surface_calibrations
       WHERE venue = @venue AND underlying = @underlying AND (@settlement IS NULL OR settlement = @settlement) AND inputs_time_ms <= @time
       ORDER BY inputs_time_ms DESC, id DESC LIMIT 1`,
    );
    this.selectHistory = db.prepare(
      `SELECT * FROM surface_calibrations
       WHERE venue = @venue AND underlying = @underlying AND (@settlement IS NULL OR settlement = @settlement) AND inputs_time_ms BETWEEN @from AND @to
       ORDER BY inputs_time_ms, id LIMIT @limit`,
    );
    this.selectMainSettlement = db.prepare(
      `SELECT settlement FROM surface_calibrations WHERE venue = ? AND underlying = ?
       GROUP BY settlement ORDER BY COUNT(*) DESC, settlement LIMIT 1`,
    );
  }

  /** Store a calibration and all its slices in one transaction; returns its id. */
  record(calibration: CalibrationRecord): number {
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.insertCalibration.run(
        calibration.venue,
        calibration.underlying,
        calibration.settlement,
        calibration.inputsTime,
        calibration.calibratedAt,
        calibration.source,
        calibration.warm ? 1 : 0,
        calibration.durationMs,
      );
      const id = Number(lastInsertRowid);
      for (const slice of calibration.slices) {
        const svi = slice.svi;
        this.insertSlice.run(
          id,
          slice.expiry,
          slice.T,
          Number.isFinite(slice.forward) ? slice.forward : null,
          slice.model,
          svi?.a ?? null,
          svi?.b ?? null,
          svi?.rho ?? null,
          svi?.m ?? null,
          svi?.sigma ?? null,
          slice.nUsed,
          slice.nDropped,
          JSON.stringify(slice.dropped),
          slice.rmseVolPts,
          slice.withinBidAsk,
          slice.arbitrage.butterfly ? 1 : 0,
          slice.arbitrage.calendar ? 1 : 0,
        );
      }
      return id;
    })();
  }

  /** The calibration in force at `time`: the latest whose inputs are not later than it, of the chain `settlement` or of any. */
  latest(venue: string, underlying: string, time = Number.MAX_SAFE_INTEGER, settlement: Settlement | null = null): StoredCalibration | null {
    const row = this.selectLatest.get({ venue, underlying, settlement, time });
    return row ? this.withSlices(row) : null;
  }

  /** Calibrations with inputs between `from` and `to` (ms, inclusive), oldest first, of the chain `settlement` or of any. */
  history(venue: string, underlying: string, from: number, to: number, limit = 1000, settlement: Settlement | null = null): StoredCalibration[] {
    return this.selectHistory.all({ venue, underlying, settlement, from, to, limit }).map((row) => this.withSlices(row));
  }

  /**
   * The chain a coin is calibrated on most: a coin may list several (Deribit's BTC inverse and
   * BTC_USDC, Bybit's USDC and USDT), whose surfaces are not one series. Null for none, or for rows
   * stored before calibrations recorded their settlement.
   */
  mainSettlement(venue: string, underlying: string): Settlement | null {
    return this.selectMainSettlement.get(venue, underlying)?.settlement ?? null;
  }

  private withSlices(row: CalibrationRow): StoredCalibration {
    return {
      id: row.id,
      venue: row.venue,
      underlying: row.underlying,
      settlement: row.settlement,
      inputsTime: row.inputs_time_ms,
      calibratedAt: row.calibrated_at_ms,
      source: row.source,
      warm: row.warm === 1,
      durationMs: row.duration_ms,
      slices: this.selectSlices.all(row.id).map(sliceOf),
    };
  }
}

/**
 * A calibration as the contract shows it (surface.latest): per expiry its forward, the fitted
 * at-the-money vol (k = 0, at the forward), fit quality and arbitrage flags. Not-a-number never
 * crosses the bridge: a missing forward or fit is null.
 */
import type { SurfaceLatest } from '../../../shared/contract/market';
import type { Settlement } from '../../../shared/domain/instrument';
import type { CalibrationRecord } from '../store/surface-store';
import { sviVariance } from './svi';

export function surfaceLatest(record: CalibrationRecord, settlement: Settlement): SurfaceLatest {
  return {
    venue: record.venue,
    underlying: record.underlying,
    settlement,
    calibratedAt: record.calibratedAt,
    inputsTime: record.inputsTime,
    warm: record.warm,
    durationMs: record.durationMs,
    expiries: record.slices.map((slice) => ({
      expiry: slice.expiry,
      T: slice.T,
      forward: Number.isFinite(slice.forward) ? slice.forward : null,
      atmVol: slice.svi && slice.T > 0 ? Math.sqrt(Math.max(sviVariance(slice.svi, 0), 0) / slice.T) : null,
      model: slice.model,
      nUsed: slice.nUsed,
      nDropped: slice.nDropped,
      rmseVolPts: slice.rmseVolPts,
      withinBidAsk: slice.withinBidAsk,
      arbitrage: slice.arbitrage,
    })),
  };
}

/** Whether a violation of static arbitrage remains in any slice. */
export function hasArbitrage(record: CalibrationRecord): boolean {
  return record.slices.some((slice) => slice.arbitrage.butterfly || slice.arbitrage.calendar);
}

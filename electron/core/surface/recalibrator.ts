/**
 * Continuous recalibration of one underlying's surface: each chain snapshot is fitted starting
 * from the last accepted parameters of every expiry (a tick moves them little, so one short
 * search replaces the cold starts), and every accepted calibration is stored. A calibration is
 * accepted when it fits at least one expiry; its arbitrage flags travel with it, so nothing
 * arbitrageable reaches the engine unannounced. The first calibration after a restart starts
 * from the stored one.
 */
import type { Settlement } from '../../../shared/domain/instrument';
import type { Clock } from '../clock';
import type { CalibrationRecord, StoredCalibration, SurfaceStore } from '../store/surface-store';
import { calibrateSlices, type WarmStart } from './calibrate';
import { expirySlices, snapshotTime, type ChainQuote, type FitSource } from './chain';
import { VolSurface } from './vol-surface';

export interface RecalibratorOptions {
  venue: string;
  underlying: string;
  settlement: Settlement;
  source: FitSource;
}

export interface Recalibration {
  record: CalibrationRecord;
  /** The stored id, when accepted and a store is attached. */
  id: number | null;
  accepted: boolean;
  surface: VolSurface | null;
}

export class SurfaceRecalibrator {
  private readonly last = new Map<number, WarmStart>();
  private accepted: VolSurface | null = null;

  constructor(
    private readonly options: RecalibratorOptions,
    private readonly clock: Clock,
    private readonly store: SurfaceStore | null = null,
  ) {
    const stored = store?.latest(options.venue, options.underlying, Number.MAX_SAFE_INTEGER, options.settlement);
    if (stored) this.accept(stored, VolSurface.of(stored.slices));
  }

  /** The surface of the last accepted calibration. */
  get surface(): VolSurface | null {
    return this.accepted;
  }

  /** Fit the chain; an accepted fit is stored unless `store` is false (a caller thinning its history). */
  recalibrate(quotes: readonly ChainQuote[], store = true): Recalibration {
    const { venue, underlying, settlement, source } = this.options;
    const warm = this.last.size > 0;
    const started = performance.now();
    const slices = calibrateSlices(expirySlices(quotes, settlement, source), warm ? this.last : undefined);
    const record: CalibrationRecord = {
      venue,
      underlying,
      settlement,
      inputsTime: snapshotTime(quotes),
      calibratedAt: this.clock.now(),
      source,
      warm,
      durationMs: performance.now() - started,
      slices,
    };
    const surface = VolSurface.of(slices);
    if (!surface) return { record, id: null, accepted: false, surface: this.accepted };
    // Stored first: a calibration the store refuses is not one the engine prices with.
    const id = store && this.store ? this.store.record(record) : null;
    this.accept(record, surface);
    return { record, id, accepted: true, surface };
  }

  private accept(calibration: CalibrationRecord | StoredCalibration, surface: VolSurface | null): void {
    this.last.clear();
    for (const slice of calibration.slices) if (slice.svi) this.last.set(slice.expiry, slice);
    this.accepted = surface;
  }
}

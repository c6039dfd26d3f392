/**
 * Takes the inventory snapshots while the desk runs: on every fill, every `cadenceMs` (1 s) while
 * a live market runs, and compacts the 1 s tier older than `retentionDays` once a day (and once
 * at start). A snapshot that cannot be taken (no market yet) is skipped; one that fails is
 * reported once per distinct message and never fails the fill it follows, already committed.
 */
import type { Clock } from '../clock';
import type { InventoryRow, InventoryStore } from '../store/inventory-store';

export interface SnapshotSchedule {
  /** Between cadence snapshots (default 1 s). */
  cadenceMs: number;
  /** 1 s snapshots older than this are compacted into the minute tier (default 7 days). */
  retentionDays: number;
  /** Between compactions (default a day). */
  compactEveryMs: number;
}

export const DEFAULT_SNAPSHOT_SCHEDULE: SnapshotSchedule = { cadenceMs: 1000, retentionDays: 7, compactEveryMs: 24 * 3600_000 };

const DAY_MS = 24 * 3600_000;

export class InventorySnapshotter {
  private timers: NodeJS.Timeout[] = [];
  private lastError = '';

  constructor(
    private readonly store: InventoryStore,
    /** The snapshot now, or null when there is nothing to value the book on. */
    private readonly take: (time: number, fillId: number | null) => InventoryRow | null,
    private readonly clock: Clock,
    private readonly schedule: SnapshotSchedule,
    private readonly onError: (message: string) => void,
  ) {
    if (!(Number.isFinite(schedule.cadenceMs) && schedule.cadenceMs >= 100)) throw new Error('the snapshot cadence must be at least 100 ms');
    if (!(schedule.retentionDays > 0)) throw new Error('the snapshot retention must be a positive number of days');
  }

  /** The cadence and the daily compaction, until stop(). */
  start(): void {
    if (this.timers.length > 0) return;
    this.compact();
    this.timers = [setInterval(() => this.snapshot(null), this.schedule.cadenceMs), setInterval(() => this.compact(), this.schedule.compactEveryMs)];
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** A snapshot now, after `fillId` (null: the cadence's); whether one was stored. */
  snapshot(fillId: number | null): boolean {
    return this.guard(() => {
      const now = this.clock.now();
      const row = this.take(now, fillId);
      if (row) this.store.save(row);
      return row !== null;
    }, false);
  }

  compact(): { deleted: number; minutesRolledUp: number } | null {
    return this.guard(() => this.store.compact(this.clock.now() - this.schedule.retentionDays * DAY_MS), null);
  }

  private guard<T>(work: () => T, failed: T): T {
    try {
      const result = work();
      this.lastError = '';
      return result;
    } catch (error) {
      const message = `inventory history: ${error instanceof Error ? error.message : String(error)}`;
      if (message !== this.lastError) this.onError(message);
      this.lastError = message;
      return failed;
    }
  }
}

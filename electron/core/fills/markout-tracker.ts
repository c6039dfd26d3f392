/**
 * Follows each option fill the desk makes while its market runs: the desk's mark at the fill,
 * then at each markout horizon, stored as the horizons pass (FillMarkStore). Marks are read on
 * the session's ticks, so a horizon's mark is the first one at or after it (at most one tick,
 * 250 ms, late). A fill entered after the fact is not followed: the desk did not see the market
 * at its time, and a markout from a later mark would be a guess.
 */
import type { Fill } from '../../../shared/contract/schemas';
import { MARKOUT_HORIZONS_MS } from '../../../shared/domain/markout';
import type { Clock } from '../clock';
import type { FillMarkStore, MarkAtFill } from '../store/fill-mark-store';

/** How far a fill's own time may sit from the desk's clock and still be marked at its time. */
export const FRESH_FILL_MS = 5_000;

interface Followed {
  fillId: number;
  instrument: string;
  time: number;
  /** The next horizon to mark, an index into MARKOUT_HORIZONS_MS. */
  next: number;
}

export class MarkoutTracker {
  private followed: Followed[] = [];

  constructor(
    private readonly store: FillMarkStore,
    private readonly markOf: (instrument: string) => MarkAtFill | null,
    private readonly clock: Clock,
    private readonly onError: (message: string) => void,
  ) {}

  /** A stored fill: marked now if the desk values its instrument, then followed. */
  track(fill: Fill): void {
    if (Math.abs(this.clock.now() - fill.time) > FRESH_FILL_MS) return;
    const mark = this.markOf(fill.instrument);
    if (!mark) return; // not an option the desk values (a perpetual hedge, a chain without a surface)
    if (this.write(() => this.store.open(fill.id, mark))) this.followed.push({ fillId: fill.id, instrument: fill.instrument, time: fill.time, next: 0 });
  }

  /** Mark every horizon that has passed; called after each requote. */
  poll(): void {
    if (this.followed.length === 0) return;
    const now = this.clock.now();
    for (const fill of this.followed) {
      while (fill.next < MARKOUT_HORIZONS_MS.length && now >= fill.time + MARKOUT_HORIZONS_MS[fill.next]!) {
        const mark = this.markOf(fill.instrument);
        const horizon = fill.next++;
        if (mark) this.write(() => this.store.record(fill.fillId, horizon, mark.mark));
      }
    }
    this.followed = this.followed.filter((fill) => fill.next < MARKOUT_HORIZONS_MS.length);
  }

  /** How many fills still wait for a horizon. */
  get following(): number {
    return this.followed.length;
  }

  /** A mark that cannot be stored (a full disk) is reported and skipped: the fill itself is already safe. */
  private write(store: () => void): boolean {
    try {
      store();
      return true;
    } catch (error) {
      this.onError(`markout of a fill not stored: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}

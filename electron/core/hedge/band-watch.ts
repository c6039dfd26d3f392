/**
 * Notices a coin's delta crossing its Whalley-Wilmott band as the market moves (the book's delta
 * drifts with spot through its gamma, the band with the book's gamma and the parameters), so the
 * hedge panel asks for suggestions again: they refresh on every fill and on every move that
 * crosses a band, never on a timer (each answer is stored).
 *
 * A coin counts as outside once the trade back to the band's edge is at least a lot (a delta
 * suggestion exists) and as inside again only when |delta - target| is below RE_ENTRY of the half
 * width: a delta hedged to the band's edge would otherwise flip in and out, and
 * store a fresh set of suggestions, with every tick of noise. After a fill the state is read
 * afresh without that margin: a hedge traded to the edge leaves its coin inside, so the next move
 * out is a crossing.
 */
import type { DeltaBand as BandState } from '../../../shared/contract/schemas';
import type { DeltaBand } from './delta';

/** Back inside below 90% of the half width. */
export const RE_ENTRY = 0.9;

/** The bands as the hedge panel shows them: outside when a delta hedge is suggested. */
export function bandStates(bands: readonly DeltaBand[]): BandState[] {
  return bands.map((band) => stateOf(band, band.order.amount !== 0));
}

export class BandWatch {
  private readonly outside = new Map<string, boolean>();

  /** `onCross` gets every band when any coin crossed (moves only: a fill already refreshes the panel). */
  constructor(private readonly onCross: (bands: BandState[]) => void) {}

  observe(bands: readonly DeltaBand[], afterFill: boolean): void {
    let crossed = false;
    const states = bands.map((band) => {
      const was = this.outside.get(band.underlying);
      const now = was === true && !afterFill ? Math.abs(band.deltaUsd - band.targetUsd) > RE_ENTRY * band.halfWidthUsd : band.order.amount !== 0;
      // A coin seen for the first time (the watch starting, a first position) is a crossing only when outside.
      if (now !== (was ?? false)) crossed = true;
      this.outside.set(band.underlying, now);
      return stateOf(band, now);
    });
    for (const underlying of this.outside.keys()) {
      if (bands.some((band) => band.underlying === underlying)) continue;
      // A coin no longer held (or no longer hedgeable) leaves no band behind.
      if (this.outside.get(underlying)) crossed = true;
      this.outside.delete(underlying);
    }
    if (crossed && !afterFill) this.onCross(states);
  }
}

function stateOf({ underlying, hedge, deltaUsd, targetUsd, halfWidthUsd }: DeltaBand, outside: boolean): BandState {
  return { underlying, instrument: hedge.instrument.name, deltaUsd, targetUsd, halfWidthUsd, outside };
}

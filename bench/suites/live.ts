/**
 * The live market as the desk runs it: the embedded simulator's full BTC + ETH + SOL market at 10
 * updates a second, every instrument through feed health into the market state and the live
 * surfaces, and each chain recalibrated (warm) once a simulated second. Time is stepped flat out
 * on one thread, so wall time per simulated second is the share of one core the desk's market
 * takes in real time. Nothing is stored (the store's cost is the store suite's).
 * Figures are medians over simulated seconds.
 */
import { ManualClock } from '../../electron/core/clock';
import { MarketSession, openedVenue } from '../../electron/core/market/session';
import { SimVenue } from '../../electron/core/market/sim/venue';
import { median, type BenchSuite } from '../measure';

const START = Date.UTC(2026, 0, 14, 12);
const WARMUP_S = 3;
const SECONDS = 30;

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const liveSuite: BenchSuite = {
  name: 'live',
  async run() {
    const clock = new ManualClock(START);
    const venue = new SimVenue({ seed: 1, start: START });
    const session = new MarketSession(openedVenue(venue, 'sim · seed 1'), { clock, store: null });
    await session.start();
    const feed: number[] = [];
    const recalibration: number[] = [];
    for (let second = 0; second < WARMUP_S + SECONDS; second++) {
      let start = process.hrtime.bigint();
      venue.advance(1_000);
      const feedMs = ms(start);
      clock.advance(1_000);
      start = process.hrtime.bigint();
      session.tick();
      const tickMs = ms(start);
      if (second < WARMUP_S) continue;
      feed.push(feedMs);
      recalibration.push(tickMs);
    }
    const status = session.status();
    await session.close();
    if (status.quotable !== status.instruments) throw new Error(`live bench: ${status.instruments - status.quotable} instruments not quotable`);
    const total = feed.map((f, i) => f + recalibration[i]!);
    return {
      live_instruments: status.instruments,
      live_feed_ms_per_s: Number(median(feed).toFixed(2)),
      live_recalibration_ms: Number(median(recalibration).toFixed(2)),
      live_core_fraction: Number((median(total) / 1_000).toFixed(4)),
    };
  },
};

/**
 * The embedded simulated market producing the full BTC + ETH + SOL market (about 2,000 options
 * and the perpetuals) at 10 updates a second, every instrument subscribed through the venue
 * adapter: the CPU share of one core it takes, as wall time per simulated second (the loop runs
 * flat out on one thread). Issue 5's target: under 20% (0.2). Median over rounds.
 */
import { SimVenue } from '../../electron/core/market/sim/venue';
import { medianMs, type BenchSuite } from '../measure';

const SIMULATED_MS = 10_000;
const ROUNDS = 9;

export const simSuite: BenchSuite = {
  name: 'sim',
  async run() {
    const venue = new SimVenue({ seed: 1, start: Date.UTC(2026, 0, 14, 12) });
    const { market } = venue;
    const instruments = market.bases.flatMap((base) => market.listedInstruments(base).map((listed) => listed.instrument.name));
    let events = 0;
    await venue.subscribe(instruments, () => {
      events++;
    });
    events = 0;
    const msPerRound = medianMs(() => venue.advance(SIMULATED_MS), ROUNDS, 2);
    const simulatedSeconds = ((ROUNDS + 2) * SIMULATED_MS) / 1_000;
    await venue.close();
    return {
      sim_options: market.options().length,
      sim_updates_per_s: 1_000 / market.stepMs,
      sim_events_per_simulated_s: Math.round(events / simulatedSeconds),
      sim_ms_per_simulated_s: Number((msPerRound / (SIMULATED_MS / 1_000)).toFixed(2)),
      sim_core_fraction: Number((msPerRound / SIMULATED_MS).toFixed(4)),
    };
  },
};

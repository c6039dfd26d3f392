/** A short session of the simulator's BTC options and perpetual recorded as the `record` command does. */
import { Recorder } from '../../electron/core/market/record/recorder';
import { SimVenue } from '../../electron/core/market/sim/venue';
import { SIM_START, SMALL_LISTING } from './sim-market';

export async function recordSimSession(file: string, seconds: number): Promise<void> {
  const sim = new SimVenue({ seed: 11, start: SIM_START, stepMs: 1_000, listing: SMALL_LISTING });
  const recorder = new Recorder(file, { venue: 'sim', started: SIM_START, params: { seed: 11, underlyings: ['BTC'] } });
  const listed = await sim.instruments('BTC');
  recorder.listing(SIM_START, listed);
  await sim.subscribe(
    listed.map((l) => l.instrument.name),
    recorder.append,
  );
  sim.advance(seconds * 1_000);
  await sim.close();
  recorder.close(sim.market.time);
}

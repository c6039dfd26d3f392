/** Small simulated markets for tests: few expiries and strikes, one-second steps, so long runs stay quick. */
import type { OptionInstrument } from '../../shared/domain/instrument';
import type { ListingParams } from '../../electron/core/market/sim/listing';
import type { MarketEvent } from '../../electron/core/market/events';
import { SimMarket, type SimOptions } from '../../electron/core/market/sim/market';
import { SimVenue } from '../../electron/core/market/sim/venue';
import type { ListedInstrument } from '../../electron/core/market/venue';

export const SIM_START = Date.UTC(2026, 0, 14, 12);

export const SMALL_LISTING: ListingParams = {
  dailies: 1,
  weeklies: 2,
  monthlies: 1,
  quarterlyDays: 0,
  strikesPerSd: 4,
  reachSd: 2,
  minStrikeRatio: 0.3,
  maxStrikeRatio: 3,
};

export function smallMarket(overrides: Partial<SimOptions> = {}): SimMarket {
  return new SimMarket({ seed: 1, start: SIM_START, stepMs: 1_000, listing: SMALL_LISTING, ...overrides });
}

/** The option of a coin's expiry (the first at least `minDays` out) whose strike is nearest its forward. */
export function atTheMoney(market: SimMarket, base: string, optionType: 'call' | 'put' = 'call', minDays = 0): OptionInstrument {
  const options = market.options(base).filter((o) => o.optionType === optionType && o.expiry - market.time >= minDays * 86_400_000);
  const expiry = Math.min(...options.map((o) => o.expiry));
  const candidates = options.filter((o) => o.expiry === expiry);
  const forward = market.fairValue(candidates[0]!.name).forward;
  return candidates.reduce((best, o) => (Math.abs(o.strike - forward) < Math.abs(best.strike - forward) ? o : best));
}

/**
 * A seeded simulator session of BTC and SOL on the small listing, subscribed to every instrument:
 * `events` fills as the simulator is advanced (the same events, in the same order, for a seed).
 */
export async function smallSimSession(seed: number) {
  const sim = new SimVenue({ seed, start: SIM_START, stepMs: 1000, listing: SMALL_LISTING });
  const listed: { time: number; instruments: ListedInstrument[] }[] = [];
  for (const coin of ['BTC', 'SOL']) listed.push({ time: sim.market.time, instruments: await sim.instruments(coin) });
  const events: MarketEvent[] = [];
  await sim.subscribe(
    listed.flatMap((l) => l.instruments.map((i) => i.instrument.name)),
    (event) => events.push(event),
  );
  return { sim, listed, events };
}

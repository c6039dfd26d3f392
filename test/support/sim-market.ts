/** Small simulated markets for tests: few expiries and strikes, one-second steps, so long runs stay quick. */
import type { OptionInstrument } from '../../shared/domain/instrument';
import type { ListingParams } from '../../electron/core/market/sim/listing';
import { SimMarket, type SimOptions } from '../../electron/core/market/sim/market';

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

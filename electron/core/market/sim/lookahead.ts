/**
 * What the informed clients see: option fair values `steps` ahead on the path the market will
 * actually take. The path draws only from its own stream (dynamics.ts), so a copy of the live
 * dynamics stepped ahead replays exactly the market's future, until a scenario changes it. The
 * copy is made at most once per (step, scenario count) and reused; nothing else allocates.
 */
import { MS_PER_YEAR, yearsBetween } from '../../../../shared/domain/time';
import { Valuation } from '../../pricing/black76';
import type { SviParams } from '../../surface/svi';
import type { SimChain } from './chain';
import type { SpotDynamics } from './dynamics';
import { FairValues } from './fair-value';
import type { SurfaceParams } from './surface';

export class Lookahead {
  private readonly ahead: SpotDynamics;
  private readonly values: FairValues;
  private readonly slice: SviParams = { a: 0, b: 0, rho: 0, m: 0, sigma: 0 };
  private readonly valuation = new Valuation();
  private key = '';

  constructor(
    live: SpotDynamics,
    surfaces: Readonly<Record<string, SurfaceParams>>,
    private readonly steps: number,
    private readonly stepMs: number,
  ) {
    this.ahead = live.clone();
    this.values = new FairValues(live.params, surfaces);
  }

  /** The horizon, ms. */
  get horizonMs(): number {
    return this.steps * this.stepMs;
  }

  /**
   * Option i's fair value (price currency) a horizon after `now`, given the live dynamics and a
   * count that changes whenever a scenario moved them. An option expiring before then is worth
   * its intrinsic value on the spot at the horizon.
   */
  fairAhead(chain: SimChain, i: number, live: SpotDynamics, now: number, scenarioCount: number): number {
    const key = `${now}:${scenarioCount}`;
    if (this.key !== key) {
      this.ahead.copyFrom(live);
      for (let s = 0; s < this.steps; s++) this.ahead.step(this.stepMs / MS_PER_YEAR);
      this.values.read(this.ahead);
      this.key = key;
    }
    const c = chain.coin[i]!;
    const strike = chain.strike[i]!;
    const type = chain.isCall[i] ? 'call' : 'put';
    const years = yearsBetween(now + this.horizonMs, chain.expiryTime[chain.expiryOf[i]!]!);
    const forward = this.values.forward(c, Math.max(years, 0));
    let usd: number;
    if (years > 0) {
      this.values.slice(this.slice, c, years);
      this.values.price(this.valuation, type, forward, strike, years, this.slice);
      usd = this.valuation.price;
    } else {
      usd = Math.max(type === 'call' ? forward - strike : strike - forward, 0);
    }
    return usd * chain.priceScale(i, forward);
  }
}

/**
 * The simulator's fair values: each coin's surface (surface.ts) read off a dynamics state, and
 * each option priced on it with Black-76 on its expiry's forward. One instance reads the live
 * state; another reads a look-ahead (the informed flow's view of the future). Nothing allocates.
 */
import type { OptionType } from '../../../../shared/domain/instrument';
import { black76, type Valuation } from '../../pricing/black76';
import { sviVariance, type SviParams } from '../../surface/svi';
import type { SpotDynamics } from './dynamics';
import type { DynamicsParams } from './dynamics-params';
import { diffusiveVariance, jumpVariance } from './moments';
import { admissibleEta, atmTotalVariance, skewRho, ssviSlice, type SurfaceParams } from './surface';

export class FairValues {
  readonly surface: readonly SurfaceParams[];
  private readonly meanVariance: Float64Array;
  private readonly kappa: Float64Array;
  private readonly jumpVariance: Float64Array;
  /** Per coin, from the last read state. */
  readonly spot: Float64Array;
  readonly variance: Float64Array;
  readonly rho: Float64Array;
  readonly eta: Float64Array;

  constructor(params: DynamicsParams, surfaces: Readonly<Record<string, SurfaceParams>>) {
    this.surface = params.coins.map((coin) => {
      const surface = surfaces[coin.base];
      if (!surface) throw new Error(`sim: no surface parameters for ${coin.base}`);
      if (!(surface.variancePremium > 0) || !(surface.eta > 0) || !(Math.abs(surface.skew) < 1) || !Number.isFinite(surface.skewBeta) || !Number.isFinite(surface.carry)) {
        throw new Error(`sim ${coin.base}: surface needs variancePremium > 0, eta > 0, |skew| < 1, finite skewBeta and carry`);
      }
      return surface;
    });
    this.meanVariance = Float64Array.from(params.coins, (c) => diffusiveVariance(c, params.crash));
    this.kappa = Float64Array.from(params.coins, (c) => c.volMeanReversion);
    this.jumpVariance = Float64Array.from(params.coins, (c) => jumpVariance(c, params.crash));
    const n = params.coins.length;
    this.spot = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.rho = new Float64Array(n);
    this.eta = new Float64Array(n);
  }

  /** Take each coin's spot, instantaneous variance and skew from a dynamics state. */
  read(dynamics: SpotDynamics): void {
    for (let c = 0; c < this.spot.length; c++) {
      const vol = dynamics.vol(c);
      this.spot[c] = dynamics.spot(c);
      this.variance[c] = vol * vol;
      const rho = skewRho(this.surface[c]!, dynamics.recentMove(c));
      this.rho[c] = rho;
      this.eta[c] = admissibleEta(this.surface[c]!.eta, rho);
    }
  }

  forward(coin: number, years: number): number {
    return this.spot[coin]! * Math.exp(this.surface[coin]!.carry * years);
  }

  /** The expiry's SVI slice into `out`; returns its ATM total variance. */
  slice(out: SviParams, coin: number, years: number): number {
    const theta = atmTotalVariance(this.surface[coin]!, this.variance[coin]!, this.meanVariance[coin]!, this.kappa[coin]!, this.jumpVariance[coin]!, years);
    ssviSlice(out, theta, this.rho[coin]!, this.eta[coin]!);
    return theta;
  }

  /** Black-76 value and greeks (USD) of an option on the slice into `out`; returns its vol. */
  price(out: Valuation, type: OptionType, forward: number, strike: number, years: number, slice: SviParams): number {
    const vol = Math.sqrt(sviVariance(slice, Math.log(strike / forward)) / years);
    black76(out, type, forward, strike, years, vol);
    return vol;
  }
}


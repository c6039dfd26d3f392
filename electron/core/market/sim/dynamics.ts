/**
 * The simulated coins' spot, volatility and perpetual premium, stepped forward in time
 * (model and parameters: dynamics-params.ts). State lives in typed arrays and a step allocates
 * nothing. The path draws from its own stream and from nothing else, so a clone stepped ahead
 * sees exactly the future the real path will take (until a scenario is injected).
 */
import { choleskyCorrelation, correlate } from './correlation';
import type { DynamicsParams } from './dynamics-params';
import { logVolVariance, volLevel } from './moments';
import { Rng } from './random';

const HOURS_PER_YEAR = 365 * 24;

/** Per-coin constants derived from the parameters once. */
interface CoinConstants {
  level: Float64Array;
  kappa: Float64Array;
  xi: Float64Array;
  leverage: Float64Array;
  leverageComplement: Float64Array;
  jumpIntensity: Float64Array;
  jumpMean: Float64Array;
  jumpStd: Float64Array;
  crashBeta: Float64Array;
  /** lambda (E[e^J] - 1) + lambda_crash (E[e^{beta Y}] - 1): the drift that keeps S a martingale. */
  jumpCompensator: Float64Array;
  premiumMean: Float64Array;
  premiumStd: Float64Array;
  premiumRate: Float64Array;
  spotLower: Float64Array;
  volLower: Float64Array;
}

/** Per-step constants, recomputed only when the step length changes. */
interface StepConstants {
  dt: number;
  sqrtDt: number;
  volDecay: Float64Array;
  volShockScale: Float64Array;
  premiumDecay: Float64Array;
  premiumShockScale: Float64Array;
  anchorWeight: number;
}

export class SpotDynamics {
  readonly bases: readonly string[];
  readonly size: number;
  /** ln S, ln(sigma / level), the EWMA of ln S the skew remembers, and the perp premium. */
  readonly logSpot: Float64Array;
  readonly logVol: Float64Array;
  readonly anchor: Float64Array;
  readonly premium: Float64Array;
  private readonly k: CoinConstants;
  private readonly step_: StepConstants;
  private readonly rng: Rng;
  private readonly z: Float64Array;
  private readonly spotShock: Float64Array;
  private readonly volShock: Float64Array;

  constructor(
    readonly params: DynamicsParams,
    seed: number,
    /** For clone(): state copied instead of initialised. */
    from?: SpotDynamics,
  ) {
    const n = params.coins.length;
    this.size = n;
    this.bases = params.coins.map((c) => c.base);
    this.z = new Float64Array(n);
    this.spotShock = new Float64Array(n);
    this.volShock = new Float64Array(n);
    this.step_ = { dt: NaN, sqrtDt: 0, volDecay: new Float64Array(n), volShockScale: new Float64Array(n), premiumDecay: new Float64Array(n), premiumShockScale: new Float64Array(n), anchorWeight: 0 };
    if (from) {
      this.k = from.k;
      this.rng = from.rng.clone();
      this.logSpot = from.logSpot.slice();
      this.logVol = from.logVol.slice();
      this.anchor = from.anchor.slice();
      this.premium = from.premium.slice();
      return;
    }
    this.k = constants(params);
    this.rng = new Rng(seed, 1);
    this.logSpot = Float64Array.from(params.coins, (c) => Math.log(c.spot));
    // Start at the RMS level of sigma (u = s^2), where E[sigma^2] puts it.
    this.logVol = Float64Array.from(params.coins, (c) => logVolVariance(c));
    this.anchor = this.logSpot.slice();
    this.premium = Float64Array.from(params.coins, (c) => c.perpPremium.mean);
  }

  /** An independent copy, in the same state and drawing the same future. */
  clone(): SpotDynamics {
    return new SpotDynamics(this.params, 0, this);
  }

  /** Take another copy's state and stream (no allocation): for a reused look-ahead. */
  copyFrom(other: SpotDynamics): void {
    this.logSpot.set(other.logSpot);
    this.logVol.set(other.logVol);
    this.anchor.set(other.anchor);
    this.premium.set(other.premium);
    this.rng.copyFrom(other.rng);
  }

  spot(coin: number): number {
    return Math.exp(this.logSpot[coin]!);
  }

  /** Instantaneous volatility sigma (annualised fraction). */
  vol(coin: number): number {
    return this.k.level[coin]! * Math.exp(this.logVol[coin]!);
  }

  /** ln S minus the remembered level: how far spot has run lately (the skew reads it). */
  recentMove(coin: number): number {
    return this.logSpot[coin]! - this.anchor[coin]!;
  }

  /** Scenario hooks: move spot by a log return, scale sigma, shift the perp premium. */
  moveSpot(coin: number, logReturn: number): void {
    this.logSpot[coin] = this.logSpot[coin]! + logReturn;
  }
  scaleVol(coin: number, factor: number): void {
    if (!(factor > 0)) throw new Error(`sim: vol factor must be > 0, got ${factor}`);
    this.logVol[coin] = this.logVol[coin]! + Math.log(factor);
  }
  shiftPremium(coin: number, delta: number): void {
    this.premium[coin] = this.premium[coin]! + delta;
  }

  /** Advance every coin by dt years. */
  step(dt: number): void {
    if (!(dt > 0)) throw new Error(`sim: step must be > 0 years, got ${dt}`);
    const s = this.step_;
    if (dt !== s.dt) this.prepare(dt);
    const { k, rng, z, spotShock, volShock, logSpot, logVol, anchor, premium } = this;
    const n = this.size;
    for (let i = 0; i < n; i++) z[i] = rng.normal();
    correlate(spotShock, k.spotLower, z);
    for (let i = 0; i < n; i++) z[i] = rng.normal();
    correlate(volShock, k.volLower, z);

    let crash = 0;
    for (let c = rng.poisson(this.params.crash.intensity * dt); c > 0; c--) crash += this.params.crash.mean + this.params.crash.std * rng.normal();

    for (let i = 0; i < n; i++) {
      const sigma = k.level[i]! * Math.exp(logVol[i]!);
      let jump = k.crashBeta[i]! * crash;
      for (let j = rng.poisson(k.jumpIntensity[i]! * dt); j > 0; j--) jump += k.jumpMean[i]! + k.jumpStd[i]! * rng.normal();
      const x = logSpot[i]! - (0.5 * sigma * sigma + k.jumpCompensator[i]!) * dt + sigma * s.sqrtDt * spotShock[i]! + jump;
      logSpot[i] = x;
      const shock = k.leverage[i]! * spotShock[i]! + k.leverageComplement[i]! * volShock[i]!;
      logVol[i] = logVol[i]! * s.volDecay[i]! + s.volShockScale[i]! * shock;
      anchor[i] = anchor[i]! + s.anchorWeight * (x - anchor[i]!);
      const mean = k.premiumMean[i]!;
      premium[i] = mean + (premium[i]! - mean) * s.premiumDecay[i]! + s.premiumShockScale[i]! * rng.normal();
    }
  }

  /** Exact OU discretisation constants for a step of dt years. */
  private prepare(dt: number): void {
    const s = this.step_;
    const { k } = this;
    s.dt = dt;
    s.sqrtDt = Math.sqrt(dt);
    for (let i = 0; i < this.size; i++) {
      const decay = Math.exp(-k.kappa[i]! * dt);
      s.volDecay[i] = decay;
      s.volShockScale[i] = k.xi[i]! * Math.sqrt((1 - decay * decay) / (2 * k.kappa[i]!));
      const premiumDecay = Math.exp(-k.premiumRate[i]! * dt);
      s.premiumDecay[i] = premiumDecay;
      s.premiumShockScale[i] = k.premiumStd[i]! * Math.sqrt(1 - premiumDecay * premiumDecay);
    }
    s.anchorWeight = 1 - Math.exp((-Math.LN2 * dt * HOURS_PER_YEAR) / this.params.skewMemoryHours);
  }
}

function constants(params: DynamicsParams): CoinConstants {
  const { coins, crash } = params;
  const n = coins.length;
  if (n === 0) throw new Error('sim: no coins');
  if (params.spotCorrelation.length !== n || params.volCorrelation.length !== n) {
    throw new Error(`sim: correlation matrices must be ${n} x ${n}, one row per coin`);
  }
  for (const c of coins) {
    const positive = { spot: c.spot, vol: c.vol, volMeanReversion: c.volMeanReversion, 'perpPremium.halfLifeHours': c.perpPremium.halfLifeHours };
    for (const [name, value] of Object.entries(positive)) if (!(value > 0)) throw new Error(`sim ${c.base}: ${name} must be > 0, got ${value}`);
    const nonNegative = { volOfVol: c.volOfVol, jumpIntensity: c.jumpIntensity, jumpStd: c.jumpStd, 'perpPremium.std': c.perpPremium.std };
    for (const [name, value] of Object.entries(nonNegative)) if (!(value >= 0)) throw new Error(`sim ${c.base}: ${name} must be >= 0, got ${value}`);
    if (!(Math.abs(c.spotVolCorrelation) < 1)) throw new Error(`sim ${c.base}: spotVolCorrelation must be in (-1, 1), got ${c.spotVolCorrelation}`);
    if (!Number.isFinite(c.jumpMean) || !Number.isFinite(c.crashBeta)) throw new Error(`sim ${c.base}: jumpMean and crashBeta must be finite`);
  }
  if (!(crash.intensity >= 0 && crash.std >= 0 && Number.isFinite(crash.mean))) throw new Error('sim: crash needs intensity >= 0, std >= 0 and a finite mean');
  if (!(params.skewMemoryHours > 0)) throw new Error(`sim: skewMemoryHours must be > 0, got ${params.skewMemoryHours}`);
  const of = (f: (c: (typeof coins)[number]) => number) => Float64Array.from(coins, f);
  return {
    level: of((c) => volLevel(c, crash)),
    kappa: of((c) => c.volMeanReversion),
    xi: of((c) => c.volOfVol),
    leverage: of((c) => c.spotVolCorrelation),
    leverageComplement: of((c) => Math.sqrt(1 - c.spotVolCorrelation * c.spotVolCorrelation)),
    jumpIntensity: of((c) => c.jumpIntensity),
    jumpMean: of((c) => c.jumpMean),
    jumpStd: of((c) => c.jumpStd),
    crashBeta: of((c) => c.crashBeta),
    jumpCompensator: of(
      (c) =>
        c.jumpIntensity * (Math.exp(c.jumpMean + 0.5 * c.jumpStd * c.jumpStd) - 1) +
        crash.intensity * (Math.exp(c.crashBeta * crash.mean + 0.5 * c.crashBeta * c.crashBeta * crash.std * crash.std) - 1),
    ),
    premiumMean: of((c) => c.perpPremium.mean),
    premiumStd: of((c) => c.perpPremium.std),
    premiumRate: of((c) => (Math.LN2 * HOURS_PER_YEAR) / c.perpPremium.halfLifeHours),
    spotLower: choleskyCorrelation(params.spotCorrelation, 'sim spotCorrelation'),
    volLower: choleskyCorrelation(params.volCorrelation, 'sim volCorrelation'),
  };
}

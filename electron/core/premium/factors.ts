/**
 * The risk factors the book is exposed to, and their covariance over the horizon each is held.
 *
 * Per underlying u: its spot (log-return), its gamma (the squared-return P&L of a delta-hedged
 * book, r^2 - sigma^2 dt per hedge interval), and its ATM implied vol per tenor bucket (vol
 * points). An option's USD exposure per contract, with m coins of underlying per contract:
 *   spot   m Delta F            (P&L of a unit log-return)
 *   gamma  m Gamma F^2 / 2      (P&L of r^2 - sigma^2 dt: the delta-hedged gamma P&L)
 *   vol    m vega               (P&L of one ATM vol point in its bucket, moved in parallel)
 *
 * Gamma's variance: per hedge step Var(r^2) = 2 sigma^4 dt^2, so over a horizon tau made of
 * tau/dt steps it is 2 sigma^4 dt tau (MODEL.md: the variance of the delta-hedged P&L); across
 * underlyings Cov(r_a^2, r_b^2) = 2 rho^2 sigma_a^2 sigma_b^2 dt^2 for jointly normal returns.
 * Squared returns are uncorrelated with returns, so gamma factors stand apart from the others.
 *
 * Horizons: delta is carried until the trader hedges (tau_h), options until unwound (tau_u).
 * Factors held for different times covary over the shorter one: Cov = Sigma_ij min(tau_i, tau_j),
 * the Brownian kernel, which keeps the matrix positive semi-definite (Schur product theorem).
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import type { PremiumParams } from './params';

export type FactorKind = 'delta' | 'gamma' | 'vega';

export class FactorSpace {
  readonly underlyings: readonly string[];
  readonly bucketLabels: readonly string[];
  readonly size: number;
  private readonly edgesYears: Float64Array;

  constructor(params: Pick<PremiumParams, 'underlyings' | 'tenorEdgesDays'>) {
    this.underlyings = params.underlyings;
    const edges = params.tenorEdgesDays;
    this.edgesYears = Float64Array.from(edges, (days) => days / 365);
    this.bucketLabels = [...edges.map((edge, b) => `${b === 0 ? 0 : edges[b - 1]}-${edge}d`), `${edges[edges.length - 1] ?? 0}d+`];
    this.size = this.underlyings.length * (2 + this.bucketLabels.length);
  }

  get buckets(): number {
    return this.bucketLabels.length;
  }

  coinIndex(coin: string): number {
    const index = this.underlyings.indexOf(coin);
    if (index < 0) throw new Error(`${coin} is not an underlying of the premium parameters (${this.underlyings.join(', ')})`);
    return index;
  }

  /** Tenor bucket of a maturity in years. */
  bucketOf(T: number): number {
    let b = 0;
    while (b < this.edgesYears.length && T >= this.edgesYears[b]!) b++;
    return b;
  }

  spot(coin: number): number {
    return coin;
  }

  gamma(coin: number): number {
    return this.underlyings.length + coin;
  }

  vol(coin: number, bucket: number): number {
    return 2 * this.underlyings.length + coin * this.buckets + bucket;
  }

  kindOf(factor: number): FactorKind {
    const n = this.underlyings.length;
    return factor < n ? 'delta' : factor < 2 * n ? 'gamma' : 'vega';
  }

  coinOf(factor: number): number {
    const n = this.underlyings.length;
    return factor < 2 * n ? factor % n : Math.floor((factor - 2 * n) / this.buckets);
  }

  /** 'delta BTC', 'gamma ETH', 'vega SOL 7-30d': how a limit or an exposure is named. */
  name(factor: number): string {
    const kind = this.kindOf(factor);
    const coin = this.underlyings[this.coinOf(factor)]!;
    if (kind !== 'vega') return `${kind} ${coin}`;
    return `vega ${coin} ${this.bucketLabels[(factor - 2 * this.underlyings.length) % this.buckets]}`;
  }

  /** 'BTC 7-30d': the key of per-bucket parameters (intensity, markouts). */
  bucketKey(coin: number, bucket: number): string {
    return `${this.underlyings[coin]} ${this.bucketLabels[bucket]}`;
  }

  /** An option's bucket key at a time and its years to expiry; null for another coin or once expired. */
  optionBucket(option: OptionInstrument, time: number): { key: string; T: number } | null {
    const coin = this.underlyings.indexOf(option.base);
    const T = yearsBetween(time, option.expiry);
    return coin >= 0 && T > 0 ? { key: this.bucketKey(coin, this.bucketOf(T)), T } : null;
  }
}

function pairCorrelation(params: PremiumParams, a: string, b: string): number {
  if (a === b) return 1;
  return params.spotCorrelation[`${a}/${b}`] ?? params.spotCorrelation[`${b}/${a}`] ?? 0;
}

/** The annual covariance of the factors from the parameters' structure (or their explicit matrix). */
export function annualCovariance(space: FactorSpace, params: PremiumParams): Float64Array {
  const n = space.size;
  const sigma = new Float64Array(n * n);
  if (params.covariance) return explicitCovariance(space, params.covariance, sigma);
  const coins = space.underlyings;
  const B = space.buckets;
  const dt = params.hedgeIntervalYears;
  for (let u = 0; u < coins.length; u++) {
    for (let v = 0; v < coins.length; v++) {
      const rho = pairCorrelation(params, coins[u]!, coins[v]!);
      const su = params.spotVol[coins[u]!]!;
      const sv = params.spotVol[coins[v]!]!;
      sigma[space.spot(u) * n + space.spot(v)] = rho * su * sv;
      sigma[space.gamma(u) * n + space.gamma(v)] = 2 * rho * rho * su * su * sv * sv * dt;
      for (let c = 0; c < B; c++) {
        const nuVc = params.volOfVol[coins[v]!]![c]!;
        const spotVol = params.spotVolCorrelation * rho * su * nuVc;
        sigma[space.spot(u) * n + space.vol(v, c)] = spotVol;
        sigma[space.vol(v, c) * n + space.spot(u)] = spotVol;
        for (let b = 0; b < B; b++) {
          const nuUb = params.volOfVol[coins[u]!]![b]!;
          const across = u === v ? 1 : params.volCorrelation;
          sigma[space.vol(u, b) * n + space.vol(v, c)] = nuUb * nuVc * across * params.termCorrelation ** Math.abs(b - c);
        }
      }
    }
  }
  return sigma;
}

function explicitCovariance(space: FactorSpace, covariance: NonNullable<PremiumParams['covariance']>, out: Float64Array): Float64Array {
  const n = space.size;
  const names = Array.from({ length: n }, (_, f) => space.name(f));
  const position = names.map((name) => covariance.factors.indexOf(name));
  const missing = names.filter((_, f) => position[f]! < 0);
  if (missing.length > 0) throw new Error(`the covariance lacks factors: ${missing.join(', ')}`);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const value = covariance.perYear[position[i]!]?.[position[j]!];
      if (value === undefined || !Number.isFinite(value)) throw new Error(`the covariance has no finite entry for ${names[i]} x ${names[j]}`);
      out[i * n + j] = value;
    }
  }
  return out;
}

/** The covariance over each factor's holding horizon: Sigma_ij min(tau_i, tau_j). */
export function horizonCovariance(space: FactorSpace, params: PremiumParams): Float64Array {
  const sigma = annualCovariance(space, params);
  const n = space.size;
  const horizon = (f: number) => (space.kindOf(f) === 'delta' ? params.hedgeIntervalYears : params.unwindYears);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sigma[i * n + j]! *= Math.min(horizon(i), horizon(j));
  assertPositiveSemiDefinite(sigma, n, space);
  return sigma;
}

/**
 * Cholesky with a relative tolerance: a covariance that is not positive semi-definite would let
 * the engine find negative risk, so it is refused with the first factor that breaks it.
 */
function assertPositiveSemiDefinite(sigma: Float64Array, n: number, space: FactorSpace): void {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diagonal = sigma[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= L[j * n + k]! ** 2;
    const scale = Math.max(sigma[j * n + j]!, Number.MIN_VALUE);
    if (diagonal < -1e-9 * scale) throw new Error(`the factor covariance is not positive semi-definite (at ${space.name(j)})`);
    const pivot = Math.sqrt(Math.max(diagonal, 0));
    L[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let value = sigma[i * n + j]!;
      for (let k = 0; k < j; k++) value -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = pivot > 1e-12 * Math.sqrt(scale) ? value / pivot : 0;
    }
  }
}

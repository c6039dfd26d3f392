/**
 * The factor covariance from history (MODEL.md, "Calibration"): EWMA of spot log-returns and ATM
 * vol changes (vol points) per tenor bucket, sampled from the stored surface calibrations. The
 * gamma block follows from the spot block: for jointly normal returns Cov(r_a^2, r_b^2) per year
 * of hedge steps is 2 Cov(r_a, r_b)^2 dt (factors.ts). The result is the parameters' explicit
 * covariance, named by factor, so it is stored and reviewed with the set it belongs to.
 */
import type { SurfaceStore } from '../../store/surface-store';
import { VolSurface } from '../../surface/vol-surface';
import type { FactorSpace } from '../factors';
import type { PremiumParams } from '../params';
import { EwmaCovariance } from './ewma';

export interface FactorSample {
  time: number;
  /** Per underlying (FactorSpace order): spot, and ATM vol (fraction) per tenor bucket. */
  spot: Float64Array;
  atmVol: Float64Array;
}

/** Representative maturity of each tenor bucket (days): the middle, and twice the last edge for the open one. */
export function bucketTenorsDays(edges: readonly number[]): number[] {
  return [...edges.map((edge, b) => ((b === 0 ? 0 : edges[b - 1]!) + edge) / 2), 2 * (edges[edges.length - 1] ?? 30)];
}

/** The factor levels of one moment from each underlying's surface (the shortest forward stands for spot). */
export function surfaceSample(space: FactorSpace, edges: readonly number[], surfaces: ReadonlyMap<string, VolSurface>, time: number): FactorSample {
  const tenors = bucketTenorsDays(edges).map((days) => days / 365);
  const spot = new Float64Array(space.underlyings.length);
  const atmVol = new Float64Array(space.underlyings.length * space.buckets);
  space.underlyings.forEach((coin, u) => {
    const surface = surfaces.get(coin);
    if (!surface) throw new Error(`no ${coin} surface for the factor sample at ${new Date(time).toISOString()}`);
    spot[u] = surface.forward(surface.slices[0]!.T);
    tenors.forEach((T, b) => (atmVol[u * space.buckets + b] = surface.vol(surface.forward(T), T)));
  });
  return { time, spot, atmVol };
}

/** EWMA covariance of consecutive samples' changes, as the parameters' explicit covariance. */
export function covarianceFromSamples(
  space: FactorSpace,
  params: Pick<PremiumParams, 'hedgeIntervalYears'>,
  samples: readonly FactorSample[],
  halfLifeYears: number,
): NonNullable<PremiumParams['covariance']> {
  const U = space.underlyings.length;
  const B = space.buckets;
  const dimension = U + U * B;
  const ewma = new EwmaCovariance(dimension, halfLifeYears);
  const changes = new Float64Array(dimension);
  for (let t = 1; t < samples.length; t++) {
    const [before, after] = [samples[t - 1]!, samples[t]!];
    for (let u = 0; u < U; u++) changes[u] = Math.log(after.spot[u]! / before.spot[u]!);
    for (let v = 0; v < U * B; v++) changes[U + v] = 100 * (after.atmVol[v]! - before.atmVol[v]!);
    ewma.add(changes, (after.time - before.time) / (365 * 86_400_000));
  }
  if (ewma.count < 2) throw new Error(`a covariance needs at least three samples (got ${samples.length})`);
  const observed = ewma.perYear();
  // Observed index of each factor: spots first, then vols; gamma factors are derived.
  const observedIndex = (f: number) => {
    const kind = space.kindOf(f);
    const coin = space.coinOf(f);
    return kind === 'delta' ? coin : kind === 'vega' ? U + (f - 2 * U) : -1;
  };
  const n = space.size;
  const perYear: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const [oi, oj] = [observedIndex(i), observedIndex(j)];
      if (oi >= 0 && oj >= 0) row.push(observed[oi * dimension + oj]!);
      else if (oi < 0 && oj < 0) {
        const spotCov = observed[space.coinOf(i) * dimension + space.coinOf(j)]!;
        row.push(2 * spotCov * spotCov * params.hedgeIntervalYears);
      } else row.push(0);
    }
    perYear.push(row);
  }
  return { factors: Array.from({ length: n }, (_, f) => space.name(f)), perYear };
}

/**
 * Factor samples from the stored surface history: at each calibration time of the first
 * underlying, every underlying's calibration in force then (the latest at or before it); times
 * before every underlying has one are left out. Each coin is read on its main chain only: two
 * chains' surfaces interleaved would make their differences look like moves (and, a millisecond
 * apart, like huge annualised ones).
 */
export function samplesFromStore(store: SurfaceStore, venue: string, space: FactorSpace, edges: readonly number[], limit = 100_000): FactorSample[] {
  const [lead] = space.underlyings;
  const chainOf = new Map(space.underlyings.map((coin) => [coin, store.mainSettlement(venue, coin)]));
  const samples: FactorSample[] = [];
  for (const { inputsTime } of store.history(venue, lead!, 0, Number.MAX_SAFE_INTEGER, limit, chainOf.get(lead!))) {
    const surfaces = new Map<string, VolSurface>();
    for (const coin of space.underlyings) {
      const calibration = store.latest(venue, coin, inputsTime, chainOf.get(coin));
      const surface = calibration ? VolSurface.of(calibration.slices) : null;
      if (surface) surfaces.set(coin, surface);
    }
    if (surfaces.size === space.underlyings.length) samples.push(surfaceSample(space, edges, surfaces, inputsTime));
  }
  return samples;
}

/** Random options for pricing tests: F = 100, K = F exp(vol sqrt(T) z), seeded so failures reproduce. */
import type { OptionType } from '../../shared/domain/instrument';

export interface OptionCase {
  kind: OptionType;
  F: number;
  K: number;
  T: number;
  vol: number;
  z: number;
}

/** Park-Miller minimal standard generator: the same stream as bench/quantlib/black-grid.cpp. */
export function parkMiller(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

export function randomOptions(
  count: number,
  { zMax = 2, seed = 1, tMin = 1 / 365, tMax = 2, volMin = 0.2, volMax = 1.5 } = {},
): OptionCase[] {
  const uniform = parkMiller(seed);
  return Array.from({ length: count }, (_, i) => {
    const T = tMin + uniform() * (tMax - tMin);
    const vol = volMin + uniform() * (volMax - volMin);
    const z = -zMax + 2 * zMax * uniform();
    return { kind: i % 2 ? 'call' : 'put', F: 100, K: 100 * Math.exp(vol * Math.sqrt(T) * z), T, vol, z };
  });
}

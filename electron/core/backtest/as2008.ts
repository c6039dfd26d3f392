/**
 * Avellaneda & Stoikov (2008), Section 3.3: the published experiment the inventory model is
 * checked against (MODEL.md, "Validation"). A mid starting at s = 100 moves +/- sigma sqrt(dt) each
 * step of dt = 0.005 up to T = 1; the dealer quotes around the reservation price (inventory
 * strategy) or around the mid (symmetric strategy) with the optimal total spread
 * gamma sigma^2 (T - t) + (2/gamma) ln(1 + gamma/k), and each side fills with probability
 * A exp(-k delta) dt. The quotes come from the premium engine's own formulas (glft.ts).
 */
import { Rng } from '../market/sim/random';
import { avellanedaStoikov, glftBaseHalfSpread } from '../premium/glft';

export interface As2008Config {
  gamma: number;
  paths: number;
  seed: number;
  strategy: 'inventory' | 'symmetric';
  s0?: number;
  T?: number;
  sigma?: number;
  dt?: number;
  k?: number;
  A?: number;
}

export interface As2008Result {
  /** Mean quoted spread over every step of every path. */
  spread: number;
  profitMean: number;
  profitStd: number;
  qMean: number;
  qStd: number;
}

/** The paper's parameters. */
export const AS2008 = { s0: 100, T: 1, sigma: 2, dt: 0.005, k: 1.5, A: 140 } as const;

export function runAs2008(config: As2008Config): As2008Result {
  const { gamma, paths, seed, strategy } = config;
  const { s0, T, sigma, dt, k, A } = { ...AS2008, ...config };
  if (!(gamma > 0) || !(paths >= 2) || !Number.isInteger(paths)) throw new Error('as2008 needs gamma > 0 and at least 2 whole paths');
  const rng = new Rng(seed);
  const steps = Math.round(T / dt);
  const move = sigma * Math.sqrt(dt);
  const constantHalf = glftBaseHalfSpread(gamma, k);
  let spreadSum = 0;
  let [profitSum, profitSquares, qSum, qSquares] = [0, 0, 0, 0];
  for (let path = 0; path < paths; path++) {
    let [s, q, cash] = [s0, 0, 0];
    for (let step = 0; step < steps; step++) {
      const remaining = T - step * dt;
      const half = constantHalf + (gamma * sigma * sigma * remaining) / 2;
      const centre = strategy === 'inventory' ? avellanedaStoikov(s, q, gamma, sigma, remaining).reservation : s;
      const bid = centre - half;
      const ask = centre + half;
      spreadSum += ask - bid;
      if (rng.uniform() < A * Math.exp(-k * (s - bid)) * dt) {
        q += 1;
        cash -= bid;
      }
      if (rng.uniform() < A * Math.exp(-k * (ask - s)) * dt) {
        q -= 1;
        cash += ask;
      }
      s += rng.uniform() < 0.5 ? move : -move;
    }
    const profit = cash + q * s;
    profitSum += profit;
    profitSquares += profit * profit;
    qSum += q;
    qSquares += q * q;
  }
  const sampleStd = (sum: number, squares: number) => Math.sqrt(Math.max(squares - (sum * sum) / paths, 0) / (paths - 1));
  return {
    spread: spreadSum / (paths * steps),
    profitMean: profitSum / paths,
    profitStd: sampleStd(profitSum, profitSquares),
    qMean: qSum / paths,
    qStd: sampleStd(qSum, qSquares),
  };
}

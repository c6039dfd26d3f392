/**
 * One SSVI slice (Gatheral and Jacquier, "Arbitrage-free SVI volatility surfaces", 2014, eq. 4.1):
 *
 *   w(k) = theta/2 (1 + rho phi k + sqrt((phi k + rho)^2 + 1 - rho^2)),
 *
 * theta the at-the-money total variance. It is the raw SVI slice (ibid., Lemma 3.3)
 *   a = theta/2 (1 - rho^2),  b = theta phi/2,  m = -rho/phi,  sigma = sqrt(1 - rho^2)/phi,
 * and by Theorem 4.2 it is free of butterfly arbitrage when
 *   theta phi (1 + |rho|) < 4   and   theta phi^2 (1 + |rho|) <= 4.
 */
import type { SviParams } from './svi';

export interface SsviSlice {
  theta: number;
  rho: number;
  phi: number;
}

/** Keeps the strict inequality of Theorem 4.2 strict in floating point. */
const STRICT = 1 - 1e-9;

/** The largest phi Theorem 4.2 allows for (theta, rho). */
export function maxButterflyFreePhi(theta: number, rho: number): number {
  const scale = theta * (1 + Math.abs(rho));
  return STRICT * Math.min(4 / scale, Math.sqrt(4 / scale));
}

export function ssviAsRawSvi({ theta, rho, phi }: SsviSlice): SviParams {
  return {
    a: (theta / 2) * (1 - rho * rho),
    b: (theta * phi) / 2,
    rho,
    m: -rho / phi,
    sigma: Math.sqrt(1 - rho * rho) / phi,
  };
}

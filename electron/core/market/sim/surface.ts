/**
 * The simulated implied-vol surface of one coin: SSVI (Gatheral and Jacquier, "Arbitrage-free SVI
 * volatility surfaces", Quantitative Finance 14 (2014), section 4), written per expiry as the raw
 * SVI slice the rest of the desk reads (svi.ts; their Lemma 3.2 maps one to the other):
 *
 *   w(k, T) = theta/2 (1 + rho phi k + sqrt((phi k + rho)^2 + 1 - rho^2)),   phi = eta / sqrt(theta (1 + theta))
 *
 * the power law with gamma = 1/2. Free of static arbitrage: calendar (their Theorem 4.1) since
 * theta rises with T and d(theta phi)/d theta = phi / (2 (1 + theta)) lies in [0, phi]; butterfly
 * (their Theorem 4.2) since theta phi < eta and theta phi^2 < eta^2, so eta^2 (1 + |rho|) <= 4
 * suffices: eta is capped there (with a 1% margin).
 *
 * What moves it:
 *   - theta(T), the ATM total variance, from the state's instantaneous variance v0 = sigma^2,
 *     reverting at kappa (the log-vol's rate) to its mean E[sigma^2], plus the jumps' variance,
 *     times a variance risk premium (implied over expected realised):
 *       theta(T) = premium (vInf T + (v0 - vInf)(1 - e^{-kappa T}) / kappa + jumpVar T);
 *   - rho, the skew, with the coin's recent move: atanh(rho) = atanh(rho0) + skewBeta x (ln S -
 *     its EWMA), so a sell-off steepens the put skew and a rally lifts the calls, then it relaxes
 *     as the remembered level catches up;
 *   - moneyness k = ln(K / F), F = S e^{carry T}: the smile moves with spot (sticky moneyness).
 */
import type { SviParams } from '../../surface/svi';

export interface SurfaceParams {
  /** Implied over expected realised variance (the variance risk premium), e.g. 1.1. */
  variancePremium: number;
  /** SSVI rho at rest. */
  skew: number;
  /** Change of atanh(rho) per unit of recent log move. */
  skewBeta: number;
  /** SSVI eta (smile curvature and wings), capped by the no-arbitrage bound. */
  eta: number;
  /** Annualised basis of the option forwards over the index: F = S e^{carry T}. */
  carry: number;
}

/**
 * Defaults: ATM implied about 5% over realised in vol (variance x 1.1), a mild put skew at rest
 * (Deribit's BTC 25-delta risk reversals sit near -2..+2 vol points in calm markets), steep short
 * smiles, and a 5-8% annual basis (Deribit's quarterly futures premium in 2024-2025).
 */
export const DEFAULT_SURFACE: Readonly<Record<string, SurfaceParams>> = {
  BTC: { variancePremium: 1.1, skew: -0.1, skewBeta: 2, eta: 1, carry: 0.06 },
  ETH: { variancePremium: 1.1, skew: -0.1, skewBeta: 2, eta: 1, carry: 0.06 },
  SOL: { variancePremium: 1.1, skew: -0.05, skewBeta: 2, eta: 1.1, carry: 0.08 },
};

/** Largest |rho| the skew can reach: keeps the slice away from the degenerate rho = +-1. */
const MAX_ABS_RHO = 0.95;

/** ATM total implied variance at T years. */
export function atmTotalVariance(params: SurfaceParams, v0: number, vInf: number, kappa: number, jumpVariance: number, years: number): number {
  const reversion = kappa * years < 1e-8 ? years : (1 - Math.exp(-kappa * years)) / kappa;
  return params.variancePremium * (vInf * years + (v0 - vInf) * reversion + jumpVariance * years);
}

/** SSVI rho after a recent log move of spot. */
export function skewRho(params: SurfaceParams, recentMove: number): number {
  const rho = Math.tanh(Math.atanh(params.skew) + params.skewBeta * recentMove);
  return Math.max(-MAX_ABS_RHO, Math.min(MAX_ABS_RHO, rho));
}

/** eta within the butterfly bound eta^2 (1 + |rho|) <= 4, with a 1% margin. */
export function admissibleEta(eta: number, rho: number): number {
  return Math.min(eta, (0.99 * 2) / Math.sqrt(1 + Math.abs(rho)));
}

/** The raw SVI slice of SSVI at ATM total variance theta, written into `out` (Gatheral-Jacquier Lemma 3.2). */
export function ssviSlice(out: SviParams, theta: number, rho: number, eta: number): SviParams {
  const phi = eta / Math.sqrt(theta * (1 + theta));
  out.a = 0.5 * theta * (1 - rho * rho);
  out.b = 0.5 * theta * phi;
  out.rho = rho;
  out.m = -rho / phi;
  out.sigma = Math.sqrt(1 - rho * rho) / phi;
  return out;
}

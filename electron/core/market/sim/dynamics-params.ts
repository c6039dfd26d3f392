/**
 * Parameters of the simulated spot dynamics, with defaults for BTC, ETH and SOL.
 *
 * Per coin, log spot x = ln S follows a jump-diffusion with stochastic volatility:
 *
 *   dx = -(sigma^2/2 + compensators) dt + sigma dW + J dN + beta Y dN_crash
 *   sigma = level exp(u),   du = -kappa u dt + xi dB          (log-OU volatility)
 *
 *   - W are correlated across coins (spotCorrelation);
 *   - B_i = spotVolCorrelation W_i + sqrt(1 - spotVolCorrelation^2) V_i, V correlated across coins
 *     (volCorrelation): a leverage effect per coin and a common volatility factor;
 *   - J: the coin's own Merton (1976) jumps, N(jumpMean, jumpStd^2) in log, at jumpIntensity per year;
 *   - Y: the common crash, N(crash.mean, crash.std^2), at crash.intensity per year, felt by each
 *     coin scaled by its crashBeta (a beta-1.5 coin falls 1.5 times as far in log);
 *   - compensators keep S a martingale (zero rates): lambda (E[e^J] - 1) per jump source.
 *
 * `vol` is the target: the root-mean-square annualised realised volatility including jumps,
 * sqrt(E[sigma^2] + jump variance). The log-vol level is solved from it (moments.ts), so the
 * parameter a trader reads is the number a long run realises. The log-OU keeps sigma positive,
 * mean-reverting with half-life ln 2 / kappa, and log-normal (stationary sd of ln sigma:
 * xi / sqrt(2 kappa)); it is discretised exactly over a step.
 *
 * Defaults: BTC about 55% (2021-2025 realised 40-80%), ETH 70%, SOL 92%; vol half-life about
 * 25 days with vol-of-vol 150-180% (ln sigma sd about 0.34-0.40, so vol ranges roughly 0.5x-2x);
 * diffusive correlations chosen so the realised return correlations come out near BTC/ETH 0.8,
 * BTC/SOL 0.7, ETH/SOL 0.72 (daily returns, 2023-2025): the coins' vols are not perfectly
 * correlated and their own jumps add variance but no covariance, which takes about 0.04 off
 * (moments.ts computes the exact figure); a few own jumps a year and a common crash about 1.5 a
 * year (-7% for BTC, -8.4% ETH, -10.5% SOL on average).
 */
export interface PerpPremiumParams {
  /** Long-run perpetual premium over the index, as a fraction (positive: longs pay funding). */
  mean: number;
  /** Stationary standard deviation of the premium, as a fraction. */
  std: number;
  /** Half-life of premium deviations, hours. */
  halfLifeHours: number;
}

export interface CoinDynamicsParams {
  base: string;
  /** Initial index price, USD. */
  spot: number;
  /** Target RMS annualised realised vol including jumps (fraction). */
  vol: number;
  /** kappa: mean reversion of ln sigma, per year. */
  volMeanReversion: number;
  /** xi: annualised volatility of ln sigma. */
  volOfVol: number;
  /** Correlation of the vol shock with the coin's own spot shock (leverage). */
  spotVolCorrelation: number;
  /** The coin's own jumps: per year, and the mean and sd of each jump in log. */
  jumpIntensity: number;
  jumpMean: number;
  jumpStd: number;
  /** Loading on the common crash Y. */
  crashBeta: number;
  perpPremium: PerpPremiumParams;
}

export interface CrashParams {
  /** Common crashes per year. */
  intensity: number;
  /** Mean and sd of the crash in log, for a coin with beta 1. */
  mean: number;
  std: number;
}

export interface DynamicsParams {
  coins: CoinDynamicsParams[];
  /** Correlation of the diffusive spot shocks W, coins in the order of `coins`. */
  spotCorrelation: number[][];
  /** Correlation of the coins' own vol shocks V. */
  volCorrelation: number[][];
  crash: CrashParams;
  /** Half-life in hours of the spot level the skew remembers (see surface.ts). */
  skewMemoryHours: number;
}

const PERP_PREMIUM: PerpPremiumParams = { mean: 0.0002, std: 0.0008, halfLifeHours: 8 };

export const DEFAULT_DYNAMICS: DynamicsParams = {
  coins: [
    { base: 'BTC', spot: 100_000, vol: 0.55, volMeanReversion: 10, volOfVol: 1.5, spotVolCorrelation: -0.2, jumpIntensity: 4, jumpMean: -0.01, jumpStd: 0.04, crashBeta: 1, perpPremium: PERP_PREMIUM },
    { base: 'ETH', spot: 3_500, vol: 0.7, volMeanReversion: 10, volOfVol: 1.6, spotVolCorrelation: -0.2, jumpIntensity: 5, jumpMean: -0.01, jumpStd: 0.05, crashBeta: 1.2, perpPremium: PERP_PREMIUM },
    { base: 'SOL', spot: 150, vol: 0.92, volMeanReversion: 10, volOfVol: 1.8, spotVolCorrelation: -0.15, jumpIntensity: 6, jumpMean: -0.015, jumpStd: 0.07, crashBeta: 1.5, perpPremium: { ...PERP_PREMIUM, std: 0.0012 } },
  ],
  spotCorrelation: [
    [1, 0.84, 0.74],
    [0.84, 1, 0.76],
    [0.74, 0.76, 1],
  ],
  volCorrelation: [
    [1, 0.75, 0.7],
    [0.75, 1, 0.75],
    [0.7, 0.75, 1],
  ],
  crash: { intensity: 1.5, mean: -0.07, std: 0.04 },
  skewMemoryHours: 24,
};

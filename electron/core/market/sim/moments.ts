/**
 * Stationary moments of the spot dynamics (dynamics-params.ts), in closed form: the log-vol level
 * that makes `vol` the RMS realised vol, and the variances and correlations a long run realises.
 *
 * With u stationary N(0, s^2), s^2 = xi^2 / (2 kappa): E[sigma^2] = level^2 e^{2 s^2}, and for two
 * coins E[sigma_i sigma_j] = level_i level_j e^{(s_i^2 + s_j^2)/2 + c_ij}, c_ij = r_ij xi_i xi_j /
 * (kappa_i + kappa_j) the stationary covariance of u_i, u_j (r_ij the correlation of their shocks).
 * A jump source adds intensity x E[J^2] to the annual variance, and the common crash
 * intensity x beta_i beta_j E[Y^2] to the covariance. The spot shock of a step is independent of
 * sigma at the step's start, so annual covariance = spotCorrelation_ij E[sigma_i sigma_j] + crash term.
 */
import type { CoinDynamicsParams, CrashParams, DynamicsParams } from './dynamics-params';

/** Stationary variance of u = ln(sigma / level). */
export function logVolVariance(coin: CoinDynamicsParams): number {
  return (coin.volOfVol * coin.volOfVol) / (2 * coin.volMeanReversion);
}

/** Annual variance from the coin's own jumps and its share of the common crash. */
export function jumpVariance(coin: CoinDynamicsParams, crash: CrashParams): number {
  const own = coin.jumpIntensity * (coin.jumpMean * coin.jumpMean + coin.jumpStd * coin.jumpStd);
  const common = crash.intensity * coin.crashBeta * coin.crashBeta * (crash.mean * crash.mean + crash.std * crash.std);
  return own + common;
}

/** The level of sigma (its median) that makes the RMS realised vol equal coin.vol. */
export function volLevel(coin: CoinDynamicsParams, crash: CrashParams): number {
  const diffusive = coin.vol * coin.vol - jumpVariance(coin, crash);
  if (!(diffusive > 0)) {
    throw new Error(`sim ${coin.base}: jumps alone carry ${jumpVariance(coin, crash).toFixed(4)} of annual variance, more than vol^2 = ${(coin.vol * coin.vol).toFixed(4)}`);
  }
  return Math.sqrt(diffusive / Math.exp(2 * logVolVariance(coin)));
}

/** E[sigma^2]: the annual variance of the diffusive part alone. */
export function diffusiveVariance(coin: CoinDynamicsParams, crash: CrashParams): number {
  return coin.vol * coin.vol - jumpVariance(coin, crash);
}

/** Correlation of two coins' vol shocks B_i, B_j (leverage through the spot shocks plus the common vol factor). */
export function volShockCorrelation(params: DynamicsParams, i: number, j: number): number {
  if (i === j) return 1;
  const a = params.coins[i]!.spotVolCorrelation;
  const b = params.coins[j]!.spotVolCorrelation;
  return a * b * params.spotCorrelation[i]![j]! + Math.sqrt((1 - a * a) * (1 - b * b)) * params.volCorrelation[i]![j]!;
}

/** The correlation of the two coins' log returns that a long run realises. */
export function expectedReturnCorrelation(params: DynamicsParams, i: number, j: number): number {
  const ci = params.coins[i]!;
  const cj = params.coins[j]!;
  const { crash } = params;
  const logVolCovariance = (volShockCorrelation(params, i, j) * ci.volOfVol * cj.volOfVol) / (ci.volMeanReversion + cj.volMeanReversion);
  const sigmaProduct = volLevel(ci, crash) * volLevel(cj, crash) * Math.exp((logVolVariance(ci) + logVolVariance(cj)) / 2 + logVolCovariance);
  const covariance = params.spotCorrelation[i]![j]! * sigmaProduct + crash.intensity * ci.crashBeta * cj.crashBeta * (crash.mean * crash.mean + crash.std * crash.std);
  return covariance / (ci.vol * cj.vol);
}

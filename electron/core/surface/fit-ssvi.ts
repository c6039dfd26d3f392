/**
 * The fallback fit of a slice whose raw SVI has butterfly arbitrage: an SSVI slice (ssvi.ts),
 * butterfly-free by construction because the search runs inside Theorem 4.2's bound
 * (phi = bound x logistic(z)), against the same band loss and floor as the raw fit. Three
 * parameters, so it fits a smile less closely than raw SVI; it is the price of a clean slice.
 */
import { BandLoss, type Floor, type SlicePoint } from './band-loss';
import type { SviFit } from './fit-svi';
import { nelderMead } from './nelder-mead';
import { maxButterflyFreePhi, ssviAsRawSvi, type SsviSlice } from './ssvi';
import { sviVariance } from './svi';

/** rho stays inside (-1, 1) so sigma stays positive. */
const RHO_LIMIT = 0.999;
const MAX_EVALUATIONS = 400;

function sliceAt(x: Float64Array | readonly number[]): SsviSlice {
  const theta = Math.exp(x[0]!);
  const rho = RHO_LIMIT * Math.tanh(x[1]!);
  const phi = maxButterflyFreePhi(theta, rho) / (1 + Math.exp(-x[2]!));
  return { theta, rho, phi };
}

export function fitSsvi(points: readonly SlicePoint[], floor?: Floor): SviFit {
  if (points.length < 3) throw new Error(`SSVI needs at least 3 points, got ${points.length}`);
  const loss = new BandLoss(points, floor);
  const fitted = new Float64Array(loss.ks.length);
  const objective = (x: Float64Array) => {
    const params = ssviAsRawSvi(sliceAt(x));
    for (let i = 0; i < fitted.length; i++) fitted[i] = sviVariance(params, loss.ks[i]!);
    return loss.lossOf(fitted);
  };
  // theta starts at the quote nearest the money.
  const atm = points.reduce((near, p) => (Math.abs(p.k) < Math.abs(near.k) ? p : near));
  const logTheta = Math.log(atm.w);
  let best = { x: [0, 0, 0], value: Infinity };
  let evaluations = 0;
  for (const rhoStart of [-0.4, 0, 0.4]) {
    const result = nelderMead(objective, [logTheta, Math.atanh(rhoStart), 0], [0.2, 0.3, 1], { maxEvaluations: MAX_EVALUATIONS });
    evaluations += result.evaluations;
    if (result.value < best.value) best = result;
  }
  return { params: ssviAsRawSvi(sliceAt(best.x)), objective: best.value, evaluations };
}

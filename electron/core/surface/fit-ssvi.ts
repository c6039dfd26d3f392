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
import { rawSviVariance, type SviParams } from './svi';

/** rho stays inside (-1, 1) so sigma stays positive. */
const RHO_LIMIT = 0.999;
const MAX_EVALUATIONS = 400;
const COLD_STEPS = [0.2, 0.3, 1];
/** A warm start is a tick from its answer: a small simplex and a short search, as for raw SVI. */
const WARM_STEPS = [0.02, 0.03, 0.1];
const WARM_EVALUATIONS = 80;

function sliceAt(x: Float64Array | readonly number[]): SsviSlice {
  const theta = Math.exp(x[0]!);
  const rho = RHO_LIMIT * Math.tanh(x[1]!);
  const phi = maxButterflyFreePhi(theta, rho) / (1 + Math.exp(-x[2]!));
  return { theta, rho, phi };
}

/** The search coordinates of a raw SVI slice read as SSVI (Lemma 3.3 backwards), for a warm start. */
function coordinatesOf(p: SviParams): number[] {
  const rho = Math.min(Math.max(p.rho, -RHO_LIMIT * (1 - 1e-9)), RHO_LIMIT * (1 - 1e-9));
  const phi = Math.sqrt(1 - rho * rho) / p.sigma;
  const theta = (2 * p.b) / phi;
  const share = Math.min(Math.max(phi / maxButterflyFreePhi(theta, rho), 1e-9), 1 - 1e-9);
  return [Math.log(theta), Math.atanh(rho / RHO_LIMIT), Math.log(share / (1 - share))];
}

export interface SsviFitOptions {
  /** The previous expiry's total variance, which this slice must stay above (calendar). */
  floor?: Floor;
  /** The last accepted parameters of the same expiry (an SSVI slice as raw SVI): one short search from there. */
  warm?: SviParams;
}

export function fitSsvi(points: readonly SlicePoint[], { floor, warm }: SsviFitOptions = {}): SviFit {
  if (points.length < 3) throw new Error(`SSVI needs at least 3 points, got ${points.length}`);
  const loss = new BandLoss(points, floor);
  const { ks } = loss;
  const fitted = new Float64Array(ks.length);
  const objective = (x: Float64Array) => {
    // The parameters as locals for the loop over every quote and floor point.
    const { a, b, rho, m, sigma } = ssviAsRawSvi(sliceAt(x));
    for (let i = 0; i < ks.length; i++) fitted[i] = rawSviVariance(a, b, rho, m, sigma, ks[i]!);
    return loss.lossOf(fitted);
  };
  let starts: number[][];
  if (warm) {
    starts = [coordinatesOf(warm)];
  } else {
    // theta starts at the quote nearest the money.
    const atm = points.reduce((near, p) => (Math.abs(p.k) < Math.abs(near.k) ? p : near));
    starts = [-0.4, 0, 0.4].map((rho) => [Math.log(atm.w), Math.atanh(rho), 0]);
  }
  let best = { x: [0, 0, 0], value: Infinity };
  let evaluations = 0;
  for (const start of starts) {
    const result = nelderMead(objective, start, warm ? WARM_STEPS : COLD_STEPS, { maxEvaluations: warm ? WARM_EVALUATIONS : MAX_EVALUATIONS });
    evaluations += result.evaluations;
    if (result.value < best.value) best = result;
  }
  return { params: ssviAsRawSvi(sliceAt(best.x)), objective: best.value, evaluations };
}

/**
 * Black-76 on the forward with greeks in Deribit's units (see MODEL.md, "Units"):
 *   price  in the quote currency (USD), discounted by D = exp(-r T) (r = 0 by default, Deribit's convention)
 *   delta  dV/dF (Black-Scholes delta on the forward)
 *   gamma  d2V/dF2, per USD
 *   vega   dV/dvol per 1 vol point (0.01), in USD
 *   theta  dV/dt per calendar day, in USD (time decay as the clock moves, T shrinking)
 *   vanna  d(delta)/dvol per 1 vol point
 *   volga  d(vega)/dvol per 1 vol point, in USD per vol point
 * The price goes through the normalised Black function, so far out-of-the-money values keep
 * their digits. Everything is written into a caller-owned result: the hot path allocates nothing.
 */
import { exp } from './exp';
import type { OptionType } from '../../../shared/domain/instrument';
import { NormalisedBlack, normalisedBlack } from './normalized-black';

const VOL_POINT = 0.01;
const DAYS_PER_YEAR = 365;

export class Valuation {
  price = 0;
  delta = 0;
  gamma = 0;
  vega = 0;
  theta = 0;
  vanna = 0;
  volga = 0;
}

/** Scratch for the normalised Black evaluation: the hot path allocates nothing. */
const normalised = new NormalisedBlack();

/**
 * The normalised Black function at x' = -|x| into `normalised`, returning sqrt(F K): the time
 * value is sqrt(F K) b(-|x|, s), since in the money an option is worth its intrinsic value plus
 * the out-of-the-money option of the same strike (parity).
 */
function evaluateTimeValue(F: number, K: number, x: number, s: number): number {
  const bMax = Math.sqrt(F < K ? F / K : K / F); // e^{-|x|/2}
  normalisedBlack(normalised, -Math.abs(x), s, bMax);
  return (F < K ? K : F) * bMax;
}

/** The undiscounted Black-76 price, call or put, in the currency of F and K. */
export function black76Price(kind: OptionType, F: number, K: number, T: number, vol: number): number {
  const s = vol * Math.sqrt(T);
  const intrinsic = Math.max(kind === 'call' ? F - K : K - F, 0);
  if (!(s > 0)) return intrinsic;
  return intrinsic + evaluateTimeValue(F, K, Math.log(F / K), s) * normalised.value;
}

/**
 * One valuation's inputs. black76 writes them here and the evaluation reads them: black76 itself
 * is then small enough for V8 to inline into its callers' loops, and the doubles never cross a
 * call V8 does not inline (each such argument or return value is a heap allocation).
 */
class Inputs {
  isCall = true;
  F = 0;
  K = 0;
  T = 0;
  vol = 0;
  rate = 0;
}

const inputs = new Inputs();

/** Price and all greeks into `out`; at T = 0 or vol = 0 the option is worth its discounted intrinsic value. */
export function black76(out: Valuation, kind: OptionType, F: number, K: number, T: number, vol: number, rate = 0): Valuation {
  inputs.isCall = kind === 'call';
  inputs.F = F;
  inputs.K = K;
  inputs.T = T;
  inputs.vol = vol;
  inputs.rate = rate;
  evaluate(out, inputs);
  return out;
}

function evaluate(out: Valuation, { isCall, F, K, T, vol, rate }: Inputs): void {
  const discount = rate === 0 ? 1 : exp(-rate * T);
  const sqrtT = Math.sqrt(T);
  const s = vol * sqrtT;
  const intrinsic = Math.max(isCall ? F - K : K - F, 0);
  if (!(s > 0)) {
    out.price = discount * intrinsic;
    out.delta = intrinsic > 0 ? (isCall ? discount : -discount) : 0;
    out.gamma = out.vega = out.theta = out.vanna = out.volga = 0;
    return;
  }
  const x = Math.log(F / K);
  // The time value is sqrt(F K) b(-|x|, s) (see evaluateTimeValue), here without the call.
  const bMax = Math.sqrt(F < K ? F / K : K / F);
  normalisedBlack(normalised, -Math.abs(x), s, bMax);
  const sqrtFK = (F < K ? K : F) * bMax;
  const { value, vega, upper, upperComplement, lower } = normalised;
  // Two reciprocals serve every greek (1/vol = sqrt(T)/s, 1/sqrt(T) = vol/s): divisions are the slow part.
  const overF = 1 / F;
  const overS = 1 / s;
  const price = discount * (intrinsic + sqrtFK * value);
  // F phi(d1) = sqrt(F K) b'(x, s): the density comes from the same exponential as the price.
  const forwardDensity = discount * sqrtFK * vega;
  const d1 = x * overS + 0.5 * s;
  const d2 = d1 - s;
  const vegaPerUnit = forwardDensity * sqrtT;
  // Phi(d1) and Phi(-d1) from the terms of b, without cancellation: out of the money (x <= 0)
  // d1 = h' + t and e^{-x/2} = sqrt(F K)/F; in the money d1 = -(h' - t) and e^{x/2} = b_max.
  const callDelta = x <= 0 ? upper * sqrtFK * overF : 1 - lower * bMax;
  const putDelta = x <= 0 ? -upperComplement * sqrtFK * overF : -lower * bMax;
  out.price = price;
  out.delta = discount * (isCall ? callDelta : putDelta);
  out.gamma = forwardDensity * overF * overF * overS;
  out.vega = vegaPerUnit * VOL_POINT;
  out.theta = (-0.5 * forwardDensity * vol * vol * overS + rate * price) / DAYS_PER_YEAR;
  out.vanna = -forwardDensity * d2 * overF * sqrtT * overS * VOL_POINT;
  out.volga = vegaPerUnit * d1 * d2 * sqrtT * overS * VOL_POINT * VOL_POINT;
}

/**
 * Black-76 on the forward with greeks in Deribit's units (see MODEL.md, "Units"):
 *   price  in the quote currency (USD), discounted by D = exp(-r T) (r = 0 by default, Deribit's convention)
 *   delta  dV/dF (Black-Scholes delta on the forward)
 *   gamma  d2V/dF2, per USD
 *   vega   dV/dvol per 1 vol point (0.01), in USD
 *   theta  dV/dt per calendar day, in USD (time decay as the clock moves, T shrinking)
 *   vanna  d(delta)/dvol per 1 vol point
 *   volga  d(vega)/dvol per 1 vol point, in USD per vol point
 * The price is the out-of-the-money option's two terms, falling back to the normalised Black
 * function's series where they cancel, so far out-of-the-money values keep their digits. Everything is written into a caller-owned result: the hot path allocates nothing.
 */
import { exp } from './exp';
import type { OptionType } from '../../../shared/domain/instrument';
import { ONE_OVER_SQRT_TWO_PI } from './normal';
import { blackTerms, NormalisedBlack, normalisedBlack } from './normalized-black';

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

/** Scratch for the time value's evaluation: the hot path allocates nothing. */
const terms = new NormalisedBlack();

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

const scratch = new Valuation();

/**
 * The undiscounted Black-76 price, call or put, in the currency of F and K. It is black76's price:
 * one compiled path for both (the greeks cost a few multiplications; a second caller of the time
 * value compiled first left black76 a slower inlining of it).
 */
export function black76Price(kind: OptionType, F: number, K: number, T: number, vol: number): number {
  return black76(scratch, kind, F, K, T, vol).price;
}

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
  // First, while few doubles are live: Math.log is a call into fdlibm, around which the optimiser spills them all.
  const x = Math.log(F / K);
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
  // Two reciprocals serve every greek (1/vol = sqrt(T)/s, 1/sqrt(T) = vol/s): divisions are the slow part.
  const overS = 1 / s;
  const overF = 1 / F;
  // The out-of-the-money option of the strike into `terms`, in the currency of F and K: in the
  // money an option is worth its intrinsic value plus that option (parity). It is min(F, K)
  // Phi(h + t) - max(F, K) Phi(h - t), h = -|x|/s, t = s/2, both terms' densities F phi(d1) from
  // one exponential; where small t makes them cancel, sqrt(F K) times the normalised Black
  // function's series. Written out here rather than in a function of its own: V8 inlines all the
  // callees of this function from one budget of bytecode, which the exponential, the terms and
  // Cody's functions fit only without it (one compiled valuation, about 5% faster than a call).
  const below = F < K;
  const h = -Math.abs(x) * overS;
  const t = 0.5 * s;
  const sqrtFK = Math.sqrt(F * K);
  terms.h = h;
  terms.t = t;
  terms.upperScale = below ? F : K;
  terms.lowerScale = below ? K : F;
  terms.vega = sqrtFK * ONE_OVER_SQRT_TWO_PI * exp(-0.5 * (h * h + t * t));
  if (!blackTerms(terms)) {
    normalisedBlack(terms, -Math.abs(x), s, Math.sqrt(below ? F / K : K / F));
    terms.scale(sqrtFK);
  }
  const { value, vega, upper, upperComplement, lower } = terms;
  const price = discount * (intrinsic + value);
  // F phi(d1), the density both terms share, from the one exponential.
  const forwardDensity = discount * vega;
  const d1 = x * overS + 0.5 * s;
  const d2 = d1 - s;
  const vegaPerUnit = forwardDensity * sqrtT;
  // Phi(d1) and Phi(-d1) from the terms, without cancellation: out of the money (x <= 0) the upper
  // term is F Phi(d1) and its complement F Phi(-d1); in the money the lower is F Phi(-d1).
  const callDelta = x <= 0 ? upper * overF : 1 - lower * overF;
  const putDelta = x <= 0 ? -upperComplement * overF : -lower * overF;
  out.price = price;
  out.delta = discount * (isCall ? callDelta : putDelta);
  out.gamma = forwardDensity * overF * overF * overS;
  out.vega = vegaPerUnit * VOL_POINT;
  out.theta = (-0.5 * forwardDensity * vol * vol * overS + rate * price) / DAYS_PER_YEAR;
  out.vanna = -forwardDensity * d2 * overF * sqrtT * overS * VOL_POINT;
  out.volga = vegaPerUnit * d1 * d2 * sqrtT * overS * VOL_POINT * VOL_POINT;
}

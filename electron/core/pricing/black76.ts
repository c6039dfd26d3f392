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
import type { OptionType } from '../../../shared/domain/instrument';
import { normCdfWithDensity } from './normal';
import { outOfTheMoneyBlackCall } from './normalized-black';

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

/** b'(x, s) as the time value leaves it: the density and vega come from it. */
const normalisedVega = { value: 0 };

/**
 * The time value sqrt(F K) b(-|x|, s), x = ln(F/K): in the money an option is worth its intrinsic
 * value plus the out-of-the-money option of the same strike (parity).
 */
function timeValue(F: number, K: number, x: number, s: number): number {
  return Math.sqrt(F) * Math.sqrt(K) * outOfTheMoneyBlackCall(-Math.abs(x), s, normalisedVega);
}

/** The undiscounted Black-76 price, call or put, in the currency of F and K. */
export function black76Price(kind: OptionType, F: number, K: number, T: number, vol: number): number {
  const s = vol * Math.sqrt(T);
  const intrinsic = Math.max(kind === 'call' ? F - K : K - F, 0);
  return s > 0 ? intrinsic + timeValue(F, K, Math.log(F / K), s) : intrinsic;
}

/** Price and all greeks into `out`; at T = 0 or vol = 0 the option is worth its discounted intrinsic value. */
export function black76(out: Valuation, kind: OptionType, F: number, K: number, T: number, vol: number, rate = 0): Valuation {
  const discount = rate === 0 ? 1 : Math.exp(-rate * T);
  const sign = kind === 'call' ? 1 : -1;
  const sqrtT = Math.sqrt(T);
  const s = vol * sqrtT;
  const intrinsic = Math.max(sign * (F - K), 0);
  if (!(s > 0)) {
    out.price = discount * intrinsic;
    out.delta = intrinsic > 0 ? discount * sign : 0;
    out.gamma = out.vega = out.theta = out.vanna = out.volga = 0;
    return out;
  }
  const x = Math.log(F / K);
  const d1 = x / s + 0.5 * s;
  const d2 = d1 - s;
  // The time value's exp(-(h^2 + t^2)/2) / sqrt(2 pi) also gives the density:
  // phi(d1) = that factor * exp(-x/2) = factor * sqrt(K/F), one exponential for price and greeks.
  const optionality = timeValue(F, K, x, s);
  const density = normalisedVega.value * Math.sqrt(K / F);
  const price = discount * (intrinsic + optionality);
  const vegaPerUnit = discount * F * density * sqrtT;
  out.price = price;
  out.delta = discount * sign * normCdfWithDensity(sign * d1, density);
  out.gamma = (discount * density) / (F * s);
  out.vega = vegaPerUnit * VOL_POINT;
  out.theta = ((-discount * F * density * vol) / (2 * sqrtT) + rate * price) / DAYS_PER_YEAR;
  out.vanna = ((-discount * density * d2) / vol) * VOL_POINT;
  out.volga = ((vegaPerUnit * d1 * d2) / vol) * VOL_POINT * VOL_POINT;
  return out;
}

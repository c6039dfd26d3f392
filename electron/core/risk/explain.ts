/**
 * Daily P&L explain of one position between two market states: a second-order Taylor expansion
 * on the greeks at the start,
 *   delta dF + gamma dF^2 / 2 + vega dvol + theta days,  residual = actual - their sum
 * (the cross terms vanna, volga and charm, and higher orders),
 * in the position's settlement currency, so the parts add up to the P&L the blotter shows.
 * Linear instruments: value V = m P(F, vol, t) in USDC or USDT, greeks as Black-76 gives them.
 * Inverse options: the coin value V = P / F (one coin per contract), whose derivatives are
 *   dV/dF = (Delta - P/F) / F   (the net transaction delta, per USD)
 *   d2V/dF2 = Gamma/F - 2 Delta/F^2 + 2 P/F^3,  dV/dvol = vega / F,  dV/dt = theta / F.
 * Inverse futures of amount A (USD): V = -A/F, dV/dF = A/F^2, d2V/dF2 = -2A/F^3.
 * Fees of the day's fills are their own line.
 */
import { isInverseFuture, type Instrument } from '../../../shared/domain/instrument';
import { contractSize } from '../../../shared/domain/venue-rules';
import { black76, Valuation } from '../pricing/black76';

export interface MarketPoint {
  forward: number;
  /** Implied vol (fraction); ignored for futures. */
  vol: number;
  /** Years to expiry; ignored for futures. */
  T: number;
}

export interface PnlExplain {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  residual: number;
  fees: number;
  /** The revaluation P&L less fees: delta + gamma + vega + theta + residual - fees. */
  total: number;
}

const DAYS_PER_YEAR = 365;

/**
 * `currency` 'usd' explains an inverse option's USD value m P instead of its coin value (as a
 * linear one: a backtest keeps its books in USD).
 */
export function explainPosition(instrument: Instrument, size: number, from: MarketPoint, to: MarketPoint, fees = 0, currency: 'settlement' | 'usd' = 'settlement'): PnlExplain {
  const dF = to.forward - from.forward;
  const F = from.forward;
  let value: (point: MarketPoint) => number;
  let first: number;
  let second: number;
  let vega = 0;
  let theta = 0;
  if (instrument.kind === 'option') {
    const m = contractSize(instrument);
    const inverse = instrument.settlement === 'inverse' && currency === 'settlement';
    const scratch = new Valuation();
    const at = (point: MarketPoint) => black76(scratch, instrument.optionType, point.forward, instrument.strike, point.T, point.vol);
    value = (point) => (m * at(point).price) / (inverse ? point.forward : 1);
    const v = at(from);
    const dVol = (to.vol - from.vol) * 100; // vega is per vol point
    const days = (from.T - to.T) * DAYS_PER_YEAR;
    if (inverse) {
      first = (v.delta - v.price / F) / F;
      second = v.gamma / F - (2 * v.delta) / (F * F) + (2 * v.price) / (F * F * F);
      vega = (v.vega / F) * dVol;
      theta = (v.theta / F) * days;
    } else {
      first = v.delta;
      second = v.gamma;
      vega = v.vega * dVol;
      theta = v.theta * days;
    }
    first *= m;
    second *= m;
    vega *= m;
    theta *= m;
  } else if (isInverseFuture(instrument)) {
    value = (point) => -1 / point.forward;
    first = 1 / (F * F);
    second = -2 / (F * F * F);
  } else {
    value = (point) => point.forward;
    first = 1;
    second = 0;
  }
  const actual = size * (value(to) - value(from));
  const parts = { delta: size * first * dF, gamma: size * 0.5 * second * dF * dF, vega: size * vega, theta: size * theta };
  const residual = actual - parts.delta - parts.gamma - parts.vega - parts.theta;
  return { ...parts, residual, fees, total: actual - fees };
}

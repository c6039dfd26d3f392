/**
 * An option's USD exposure per contract on its three factors (factors.ts): one formula, read by
 * the premium engine and the portfolio risk alike. With m coins of underlying per contract and
 * Black-76 greeks on the forward F (Deribit units, black76.ts):
 *   spot   m Delta F         USD P&L of a unit log-return of F (the USD delta)
 *   gamma  m Gamma F^2 / 2   USD P&L of a squared log-return (the delta-hedged gamma P&L)
 *   vol    m vega            USD P&L of one vol point
 */
import type { Valuation } from '../pricing/black76';

export class FactorExposure {
  spot = 0;
  gamma = 0;
  vol = 0;
}

export function optionExposure(out: FactorExposure, v: Valuation, coinsPerContract: number, forward: number): FactorExposure {
  out.spot = coinsPerContract * v.delta * forward;
  out.gamma = 0.5 * coinsPerContract * v.gamma * forward * forward;
  out.vol = coinsPerContract * v.vega;
  return out;
}

/**
 * Margin of one short option contract in USD, Deribit's rule for inverse options:
 * max(maxRate - OTM / F, minRate) of the underlying, plus the option's mark (MODEL.md, "Holding").
 */
export function shortOptionMargin(
  rate: { max: number; min: number },
  isCall: boolean,
  strike: number,
  forward: number,
  coinsPerContract: number,
  priceUsd: number,
): number {
  const otm = isCall ? Math.max(strike - forward, 0) : Math.max(forward - strike, 0);
  return (Math.max(rate.max - otm / forward, rate.min) * forward + priceUsd) * coinsPerContract;
}


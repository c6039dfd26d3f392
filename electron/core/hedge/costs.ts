/**
 * What a hedge costs, USD. Perpetuals and futures: half the spread plus the taker fee on the
 * notional (their top of book holds far more than a hedge). Options: the walk through the live
 * book from theo for the size, beyond its depth the square-root law (premium/unwind.ts, the same
 * walk the premium's liquidity term uses), plus Deribit's fee per contract.
 */
import { futureNotionalPerAmount, optionFee, roundToLot } from '../../../shared/domain/venue-rules';
import type { FactorExposure } from '../premium/exposure';
import type { PremiumParams } from '../premium/params';
import { dailyPriceVolUsd, unwindCost, type SquareRootLaw } from '../premium/unwind';
import type { HedgeMarket, LinearHedge, OptionHedge } from './market';

/** Cost per USD of notional traded. */
export function linearCostRate(hedge: LinearHedge): number {
  return hedge.halfSpread + hedge.terms.takerFee;
}

/** The coin's perpetual or future that costs least per USD of delta (the perpetual on a tie). */
export function cheapestLinearHedge(market: HedgeMarket, coin: string): LinearHedge | null {
  let best: LinearHedge | null = null;
  for (const hedge of market.linear) {
    if (hedge.instrument.base !== coin) continue;
    const rate = linearCostRate(hedge);
    const bestRate = best ? linearCostRate(best) : Infinity;
    if (rate < bestRate || (rate === bestRate && hedge.instrument.kind === 'perpetual')) best = hedge;
  }
  return best;
}

export interface LinearOrder {
  /** Signed amount in the instrument's unit, whole lots. */
  amount: number;
  /** Signed USD delta it adds. */
  deltaUsd: number;
  cost: number;
}

/** The order nearest (toward zero) to `deltaUsd` of delta in whole lots, and its cost. */
export function linearOrder(hedge: LinearHedge, deltaUsd: number): LinearOrder {
  const perAmount = futureNotionalPerAmount(hedge.instrument, hedge.mark);
  const amount = roundToLot(deltaUsd / perAmount, hedge.terms.lot);
  const notional = amount * perAmount;
  return { amount, deltaUsd: notional, cost: Math.abs(notional) * linearCostRate(hedge) };
}

/** USD per unit of the option's price currency. */
export function usdPerPrice(option: OptionHedge): number {
  return option.instrument.settlement === 'inverse' ? option.forward : 1;
}

/**
 * The square-root law of an option (premium/unwind.ts): its daily price vol from its exposures,
 * the spot vol and its tenor bucket's vol-of-vol, in its price currency.
 */
export function optionImpactLaw(option: OptionHedge, exposure: FactorExposure, params: PremiumParams, volOfVol: number): SquareRootLaw {
  const coin = option.instrument.base;
  return {
    Y: params.impactY,
    dailyPriceVol: dailyPriceVolUsd(exposure.spot, params.spotVol[coin]!, exposure.vol, volOfVol) / usdPerPrice(option),
    dailyVolume: params.dailyVolume[coin]!,
  };
}

/** Cost (USD) of trading `contracts` (signed: + buys from the asks) of an option. */
export function optionTradeCost(option: OptionHedge, contracts: number, law: SquareRootLaw): number {
  if (contracts === 0) return 0;
  const size = Math.abs(contracts);
  const buying = contracts > 0;
  const walk = unwindCost(buying ? option.asks : option.bids, size, option.theo, !buying, law);
  const fee = optionFee(option.instrument, option.forward, option.theo);
  return size * (walk + fee) * usdPerPrice(option);
}

/**
 * The simulated venue's contract terms per coin, modelled on Deribit's: BTC and ETH options are
 * inverse (coin-settled, priced in coin), SOL options USDC-linear; one perpetual per coin. Tick
 * ladders and option contract sizes come from shared/domain/venue-rules.ts; these are the rest.
 */
import type { Settlement } from '../../../../shared/domain/instrument';

export interface CoinTerms {
  optionSettlement: Settlement;
  /** Smallest option order, contracts. */
  optionMinAmount: number;
  perpSettlement: Settlement;
  /** Perpetual tick (USD or USDC), contract size (USD for inverse, coins for linear), smallest order in contracts. */
  perpTick: number;
  perpContractSize: number;
  perpMinAmount: number;
  /** Perpetual half-spread as a fraction of its price, and contracts at its best level. */
  perpHalfSpread: number;
  perpLevelSize: number;
}

export const DEFAULT_TERMS: Readonly<Record<string, CoinTerms>> = {
  BTC: { optionSettlement: 'inverse', optionMinAmount: 0.1, perpSettlement: 'inverse', perpTick: 0.5, perpContractSize: 10, perpMinAmount: 1, perpHalfSpread: 0.00002, perpLevelSize: 20_000 },
  ETH: { optionSettlement: 'inverse', optionMinAmount: 1, perpSettlement: 'inverse', perpTick: 0.05, perpContractSize: 1, perpMinAmount: 1, perpHalfSpread: 0.00003, perpLevelSize: 100_000 },
  SOL: { optionSettlement: 'linear', optionMinAmount: 1, perpSettlement: 'linear', perpTick: 0.01, perpContractSize: 1, perpMinAmount: 1, perpHalfSpread: 0.00005, perpLevelSize: 2_000 },
};

/**
 * Funding per 8 hours from the perpetual's premium over the index, by the common exchange rule
 * (Binance's "funding rate = premium + clamp(interest - premium, -0.05%, 0.05%)", interest 0.01%
 * per 8 hours): 0.01% while the premium stays within -0.04%..0.06%, the premium beyond.
 */
export function funding8h(premium: number): number {
  const interest = 0.0001;
  const clamp = 0.0005;
  return premium + Math.max(-clamp, Math.min(clamp, interest - premium));
}

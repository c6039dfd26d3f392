/**
 * Deribit's contract rules for options: contract size, tick ladder with outward rounding, fees,
 * and time to expiry. The market-data adapter reads contract size and tick size from the
 * venue's instrument list when connected; these are the embedded defaults.
 */
import type { Instrument, OptionInstrument } from './instrument';
import { yearsBetween } from './time';

/**
 * Underlying coins per contract. Inverse options: 1 coin. USDC-linear: Deribit's listed sizes.
 * USDT-linear: 1 coin (Binance's `unit` for its options; Deribit lists none).
 */
const LINEAR_CONTRACT_SIZE: Readonly<Record<string, number>> = { BTC: 0.01, ETH: 0.1, SOL: 1, XRP: 1 };

export function contractSize(instrument: Instrument): number {
  if (instrument.settlement !== 'linear') return 1;
  return LINEAR_CONTRACT_SIZE[instrument.base] ?? 1;
}

/** One rung of a tick ladder; `perUnit` and `fromTicks` are precomputed by tickLadder. */
export interface TickRung {
  from: number;
  tick: number;
  /** Whole ticks per unit of price (10,000 for 0.0001), or 0 when the tick does not divide a unit. */
  perUnit: number;
  /** `from` in ticks of this rung (exact when perUnit > 0). */
  fromTicks: number;
}

/** A tick ladder: from each `from` price upward the tick is `tick` (sorted by `from`). */
export type TickLadder = readonly TickRung[];

/** A ladder from its rungs, with what rounding needs precomputed (rounding runs for every quote and book level). */
export function tickLadder(rungs: readonly { from: number; tick: number }[]): TickLadder {
  return rungs.map(({ from, tick }) => {
    const perUnit = Math.round(1 / tick);
    const exact = Math.abs(perUnit * tick - 1) < 1e-12;
    return { from, tick, perUnit: exact ? perUnit : 0, fromTicks: exact ? Math.round(from * perUnit) : 0 };
  });
}

/** BTC and ETH inverse options, priced in coin: 0.0001 up to 0.005, 0.0005 above. */
export const INVERSE_OPTION_TICKS: TickLadder = tickLadder([
  { from: 0, tick: 0.0001 },
  { from: 0.005, tick: 0.0005 },
]);
/** Linear options (USDC or USDT per contract): the venue's tick replaces this when connected. */
export const LINEAR_OPTION_TICKS: TickLadder = tickLadder([{ from: 0, tick: 0.01 }]);

export function optionTicks(instrument: Pick<OptionInstrument, 'settlement'>): TickLadder {
  return instrument.settlement === 'inverse' ? INVERSE_OPTION_TICKS : LINEAR_OPTION_TICKS;
}

/** Ticks are at most this far from an exact multiple after floating-point arithmetic. */
const TICK_EPSILON = 1e-9;

/**
 * Round a price onto the ladder: 'down' for bids, 'up' for asks (outward: a quote never
 * improves by rounding), 'nearest' for display. Prices already on a tick stay where they are.
 */
export function roundToTick(price: number, ladder: TickLadder, direction: 'down' | 'up' | 'nearest'): number {
  let r = ladder.length - 1;
  while (r > 0 && price < ladder[r]!.from - TICK_EPSILON * ladder[r]!.tick) r--;
  const step = ladder[r]!;
  const { perUnit } = step;
  const ticks = perUnit > 0 ? (price - step.from) * perUnit : (price - step.from) / step.tick;
  const whole =
    direction === 'down' ? Math.floor(ticks + TICK_EPSILON) : direction === 'up' ? Math.ceil(ticks - TICK_EPSILON) : Math.round(ticks);
  // Rung starts are multiples of the finer tick below them, so a rounded price stays on the ladder.
  // With a whole number of ticks per unit (0.0001, 0.0005, 0.01, 0.5 ...) the price is one integer
  // division, correctly rounded: the double nearest the decimal price, as parsing it would give,
  // without the string round trip.
  if (perUnit > 0) return (step.fromTicks + whole) / perUnit;
  return Number((step.from + whole * step.tick).toFixed(12));
}

/** Deribit option fee: 0.03% of the underlying per contract, capped at 12.5% of the option price. */
export const OPTION_FEE_RATE = 0.0003;
export const OPTION_FEE_CAP = 0.125;

/**
 * Fee per contract in the option's price currency: coin for inverse (the underlying is 1 coin,
 * price in coin), the stablecoin for linear (price per contract, forward per coin, in USDC or USDT).
 */
export function optionFee(instrument: OptionInstrument, forward: number, pricePerContract: number): number {
  const underlying = instrument.settlement === 'inverse' ? 1 : forward * contractSize(instrument);
  return Math.min(OPTION_FEE_RATE * underlying, OPTION_FEE_CAP * Math.max(pricePerContract, 0));
}

/** Years (ACT/365, to the millisecond) from `now` to the instrument's 08:00 UTC expiry. */
export function yearsToExpiry(instrument: { expiry: number }, now: number): number {
  return yearsBetween(now, instrument.expiry);
}

/**
 * Smallest option order (contracts): Deribit's BTC options trade in 0.1, ETH in 1, the USDC-linear
 * options in whole contracts. The venue's instrument list replaces these when connected.
 */
const INVERSE_OPTION_LOT: Readonly<Record<string, number>> = { BTC: 0.1, ETH: 1 };

export function optionLot(instrument: Pick<OptionInstrument, 'settlement' | 'base'>): number {
  return instrument.settlement === 'inverse' ? (INVERSE_OPTION_LOT[instrument.base] ?? 1) : 1;
}

/**
 * Perpetuals and dated futures (Deribit): inverse ones are traded in USD (BTC in lots of 10 USD,
 * ETH of 1 USD) and settle in coin; USDC-linear ones in coins of the underlying. Taker fee 0.05%
 * of notional (the hedger crosses the spread by hand). Embedded defaults, like the option sizes.
 */
export interface FutureTerms {
  /** What an amount counts: USD of notional (inverse) or coins (linear). */
  amountUnit: 'usd' | 'coin';
  /** Smallest order and its increment, in the amount unit. */
  lot: number;
  /** Taker fee as a fraction of notional. */
  takerFee: number;
}

const INVERSE_FUTURE_LOT: Readonly<Record<string, number>> = { BTC: 10, ETH: 1 };
const LINEAR_FUTURE_LOT: Readonly<Record<string, number>> = { BTC: 0.001, ETH: 0.01, SOL: 0.1, XRP: 1 };
export const FUTURE_TAKER_FEE = 0.0005;

export function futureTerms(instrument: Pick<Instrument, 'settlement' | 'base'>): FutureTerms {
  if (instrument.settlement === 'inverse') return { amountUnit: 'usd', lot: INVERSE_FUTURE_LOT[instrument.base] ?? 1, takerFee: FUTURE_TAKER_FEE };
  return { amountUnit: 'coin', lot: LINEAR_FUTURE_LOT[instrument.base] ?? 1, takerFee: FUTURE_TAKER_FEE };
}

/** USD of notional per unit of a perpetual's or future's amount at price `mark`. */
export function futureNotionalPerAmount(instrument: Pick<Instrument, 'settlement'>, mark: number): number {
  return instrument.settlement === 'inverse' ? 1 : mark;
}

/** Round an order amount to a whole number of lots, toward zero (a suggestion never overshoots). */
export function roundToLot(amount: number, lot: number): number {
  const lots = Math.trunc(amount / lot + (amount >= 0 ? 1e-9 : -1e-9));
  return Number((lots * lot).toFixed(12)) + 0;
}

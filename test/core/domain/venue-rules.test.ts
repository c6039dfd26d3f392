import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { contractSize, INVERSE_OPTION_TICKS, LINEAR_OPTION_TICKS, optionFee, optionTicks, roundToTick, tickLadder, yearsToExpiry } from '../../../shared/domain/venue-rules';

const option = (name: string) => parseInstrument(name) as OptionInstrument;

describe('venue rules', () => {
  it('rounds bids down and asks up on the BTC/ETH ladder (0.0001 below 0.005, 0.0005 above)', () => {
    expect(roundToTick(0.00512, INVERSE_OPTION_TICKS, 'down')).toBe(0.005);
    expect(roundToTick(0.00512, INVERSE_OPTION_TICKS, 'up')).toBe(0.0055);
    expect(roundToTick(0.00493, INVERSE_OPTION_TICKS, 'up')).toBe(0.005);
    expect(roundToTick(0.00493, INVERSE_OPTION_TICKS, 'down')).toBe(0.0049);
    expect(roundToTick(0.0123, INVERSE_OPTION_TICKS, 'nearest')).toBe(0.0125);
  });

  it('picks the coin ladder for inverse options and the USDC one for linear options', () => {
    expect(optionTicks(option('ETH-27DEC24-3000-P'))).toBe(INVERSE_OPTION_TICKS);
    expect(optionTicks(option('BTC_USDC-27DEC24-60000-P'))).toBe(LINEAR_OPTION_TICKS);
  });

  it('leaves prices already on a tick where they are, despite binary fractions', () => {
    for (const price of [0.0001, 0.0049, 0.005, 0.0055, 0.1235, 1.2345]) {
      for (const direction of ['down', 'up', 'nearest'] as const) expect(roundToTick(price, INVERSE_OPTION_TICKS, direction)).toBe(price);
    }
  });

  it('gives the double nearest the decimal tick price, as parsing its text would', () => {
    const ladders = [INVERSE_OPTION_TICKS, LINEAR_OPTION_TICKS, ...[0.5, 0.05, 5, 0.3].map((tick) => tickLadder([{ from: 0, tick }]))];
    for (const ladder of ladders) {
      for (let price = 0.00003; price < 400; price = price * 1.0173 + 0.00001) {
        for (const direction of ['down', 'up', 'nearest'] as const) {
          const rounded = roundToTick(price, ladder, direction);
          expect(rounded).toBe(Number(rounded.toFixed(10)));
        }
      }
    }
  });

  it('never rounds a bid up or an ask down (beyond the 1e-9 tick that counts as on the tick)', () => {
    for (let price = 0.00001; price < 0.05; price += 0.0000137) {
      expect(roundToTick(price, INVERSE_OPTION_TICKS, 'down')).toBeLessThanOrEqual(price + 1e-13);
      expect(roundToTick(price, INVERSE_OPTION_TICKS, 'up')).toBeGreaterThanOrEqual(price - 1e-13);
    }
  });

  it('charges 0.03% of the underlying per contract, capped at 12.5% of the option price', () => {
    const btc = option('BTC-27DEC24-60000-C');
    expect(optionFee(btc, 60000, 0.05)).toBeCloseTo(0.0003, 12); // coin
    expect(optionFee(btc, 60000, 0.001)).toBeCloseTo(0.000125, 12); // the cap binds on cheap options
    const sol = option('SOL_USDC-29MAY26-150-P');
    expect(contractSize(sol)).toBe(1);
    expect(optionFee(sol, 150, 10)).toBeCloseTo(0.045, 12); // USDC
    expect(contractSize(btc)).toBe(1);
  });

  it('measures time to the 08:00 UTC expiry in ACT/365 years, to the millisecond', () => {
    const btc = option('BTC-27DEC24-60000-C');
    expect(yearsToExpiry(btc, Date.UTC(2024, 11, 26, 8))).toBeCloseTo(1 / 365, 15);
    expect(yearsToExpiry(btc, Date.UTC(2024, 11, 27, 7, 59, 59, 999))).toBeCloseTo(1 / (365 * 86_400_000), 18);
    expect(yearsToExpiry(btc, Date.UTC(2024, 11, 27, 9))).toBeLessThan(0);
  });
});

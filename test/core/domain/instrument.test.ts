import { describe, expect, it } from 'vitest';
import { compareInstruments, formatInstrument, parseInstrument, priceCurrency } from '../../../shared/domain/instrument';

describe('instrument names', () => {
  it('parses an inverse option with its expiry at 08:00 UTC', () => {
    expect(parseInstrument('BTC-27DEC24-60000-C')).toEqual({
      kind: 'option',
      name: 'BTC-27DEC24-60000-C',
      base: 'BTC',
      settlement: 'inverse',
      expiry: Date.UTC(2024, 11, 27, 8),
      strike: 60000,
      optionType: 'call',
    });
  });

  it('parses USDC-linear options with decimal strikes written with d', () => {
    const option = parseInstrument('XRP_USDC-29MAY26-2d15-P');
    expect(option).toMatchObject({ kind: 'option', base: 'XRP', settlement: 'linear', strike: 2.15, optionType: 'put' });
    expect(priceCurrency(option)).toBe('USDC');
  });

  it('parses futures and perpetuals', () => {
    expect(parseInstrument('ETH-5JUN20')).toMatchObject({ kind: 'future', base: 'ETH', expiry: Date.UTC(2020, 5, 5, 8) });
    expect(parseInstrument('BTC-PERPETUAL')).toMatchObject({ kind: 'perpetual', settlement: 'inverse' });
    expect(parseInstrument('SOL_USDC-PERPETUAL')).toMatchObject({ kind: 'perpetual', settlement: 'linear' });
  });

  it('formats back to the same name for every kind', () => {
    for (const name of ['BTC-27DEC24-60000-C', 'SOL_USDC-29MAY26-150-P', 'XRP_USDC-1JAN27-0d55-C', 'ETH-26JUN20', 'BTC_USDC-PERPETUAL']) {
      expect(formatInstrument(parseInstrument(name))).toBe(name);
    }
  });

  it.each([
    ['btc-27DEC24-60000-C', 'not a venue name'],
    ['BTC-27DEC24-60000', 'not a venue name'],
    ['BTC-27DEC24-60000-X', 'not a venue name'],
    ['BTC-05JUN20', 'not a venue name'], // leading zero: not canonical
    ['BTC-31FEB25-60000-C', 'is not a date'],
    ['BTC-27DEX24-60000-C', 'unknown month DEX'],
    ['DOGE-27DEC24-1-C', 'unknown underlying DOGE'],
    ['SOL-27DEC24-150-C', 'SOL has no coin-settled instruments'],
    ['BTC-27DEC24-0-C', 'not a canonical positive number'],
    ['BTC-27DEC24-060000-C', 'not a canonical positive number'],
    ['SOL_USDC-27DEC24-1d50-C', 'not a canonical positive number'],
  ])('refuses %s (%s)', (name, reason) => {
    expect(() => parseInstrument(name)).toThrow(reason);
  });

  it('orders instruments for the blotter: underlying, expiry, kind, strike', () => {
    const names = ['BTC-27DEC24-70000-C', 'ETH-PERPETUAL', 'BTC-27DEC24-9000-P', 'BTC-PERPETUAL', 'BTC-27DEC24', 'BTC-28JUN24-60000-C'];
    const sorted = names.map(parseInstrument).sort(compareInstruments).map((instrument) => instrument.name);
    expect(sorted).toEqual(['BTC-PERPETUAL', 'BTC-28JUN24-60000-C', 'BTC-27DEC24', 'BTC-27DEC24-9000-P', 'BTC-27DEC24-70000-C', 'ETH-PERPETUAL']);
  });
});

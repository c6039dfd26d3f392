/**
 * USDT-linear instruments (Binance's options, Bybit's newer ones) in the desk's model: the desk's
 * own names in Deribit's form (BTC_USDT-26DEC25-100000-C) round-trip; a USDT fill goes through a
 * real store into a USDT position that survives reopening the file and the desk's CSV export and
 * import; the risk book counts a 1-coin USDT contract as a USDC one of the same coins; P&L is in
 * USDT and in USD at par unless USDT has a price.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { black76, Valuation } from '../../../electron/core/pricing/black76';
import { premiumParams } from '../../../electron/core/premium/params';
import { RiskBook } from '../../../electron/core/risk/book';
import { bookPnl } from '../../../electron/core/risk/pnl';
import { applyFill } from '../../../electron/core/store/position-accounting';
import { Settlement } from '../../../shared/contract/market';
import { compareInstruments, formatInstrument, parseInstrument, priceCurrency, settlementCurrency, settlementLabel, type OptionInstrument } from '../../../shared/domain/instrument';
import { contractSize } from '../../../shared/domain/venue-rules';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2025, 11, 1, 12);
const CALL = 'BTC_USDT-26DEC25-100000-C';

describe('USDT-linear names', () => {
  it('parses the desk name of a USDT option and formats it back', () => {
    const option = parseInstrument(CALL);
    expect(option).toEqual({
      kind: 'option',
      name: CALL,
      base: 'BTC',
      settlement: 'linear_usdt',
      expiry: Date.UTC(2025, 11, 26, 8),
      strike: 100_000,
      optionType: 'call',
    });
    expect([priceCurrency(option), settlementCurrency(option), settlementLabel(option.settlement), contractSize(option)]).toEqual(['USDT', 'USDT', 'USDT-linear', 1]);
    for (const name of [CALL, 'ETH_USDT-27MAR26-3250-P', 'XRP_USDT-2JAN26-2d5-C', 'BTC_USDT-PERPETUAL', 'SOL_USDT-26DEC25']) {
      expect(formatInstrument(parseInstrument(name))).toBe(name);
    }
    expect(Settlement.parse('linear_usdt')).toBe('linear_usdt');
  });

  it('keeps USDT and USDC options of the same terms apart', () => {
    const usdc = parseInstrument('BTC_USDC-26DEC25-100000-C');
    const usdt = parseInstrument(CALL);
    expect(usdc.settlement).not.toBe(usdt.settlement);
    expect([usdt, usdc].sort(compareInstruments).map((i) => i.name)).toEqual(['BTC_USDC-26DEC25-100000-C', CALL]);
    expect(() => parseInstrument('BTC_USDX-26DEC25-100000-C')).toThrow('not a venue name');
    expect(() => parseInstrument('SOL-26DEC25-150-C')).toThrow('SOL has no coin-settled instruments');
  });
});

describe('a USDT fill', () => {
  it('goes through a real store into a USDT position, survives a reopen, and round-trips through the CSV export', async () => {
    const dataDir = tempDir();
    let desk = createDesk({ dataDir, clock: new ManualClock(NOW), config: { hostMode: 'cli' } });
    const add = (fill: object) => dispatch(desk.handlers, 'fills.add', fill);
    expect(await add({ instrument: CALL, side: 'buy', size: 2, price: 1_250, fee: 1.5, time: NOW - 2000, venue: 'binance', venueTradeId: 'B-1' })).toMatchObject({ ok: true });
    expect(await add({ instrument: CALL, side: 'sell', size: 0.5, price: 1_400, fee: 0.4, time: NOW - 1000, venue: 'binance', venueTradeId: 'B-2' })).toMatchObject({ ok: true });
    const expected = { instrument: CALL, currency: 'USDT', size: 1.5, avgPrice: 1_250, fillCount: 2 };
    expect(desk.fills.positions()).toEqual([expect.objectContaining(expected)]);
    expect(desk.fills.positions()[0]!.realizedPnl).toBeCloseTo(0.5 * 150, 9);
    desk.close();

    desk = createDesk({ dataDir, clock: new ManualClock(NOW), config: { hostMode: 'cli' } });
    const [position] = desk.fills.positions();
    expect(position).toMatchObject(expected);
    const exportDir = path.join(tempDir(), 'export');
    desk.exportHistory(exportDir);
    const other = createDesk({ dataDir: tempDir(), clock: new ManualClock(NOW), config: { hostMode: 'cli' } });
    expect(other.importFillFile('desk', fs.readFileSync(path.join(exportDir, 'fills.csv')), 'fills.csv')).toMatchObject({ added: 2 });
    expect(other.fills.positions()).toEqual(desk.fills.positions());
    other.close();
    desk.close();
  });
});

describe('USDT positions in the book', () => {
  it('count a 1-coin contract: 1 USDT contract is 100 USDC ones (0.01 BTC each) in every greek', () => {
    const params = premiumParams({});
    const usdt = parseInstrument(CALL) as OptionInstrument;
    const usdc = parseInstrument('BTC_USDC-26DEC25-100000-C');
    const book = new RiskBook(params, [usdt, usdc]);
    const T = (usdt.expiry - NOW) / (365 * 86_400_000);
    book.setSize(0, 1);
    book.setSize(1, 100);
    for (const i of [0, 1]) book.setMark(i, { forward: 95_000, T, vol: 0.5 });
    book.rebuild();
    const [a, b] = [book.positionGreeks(0), book.positionGreeks(1)];
    const v = new Valuation();
    black76(v, 'call', 95_000, 100_000, T, 0.5);
    expect(a.delta).toBeCloseTo(v.delta, 12);
    expect(a.netDelta).toBe(a.delta); // linear: the premium is not paid in the coin
    for (const greek of ['delta', 'deltaUsd', 'gammaUsd', 'vega', 'theta'] as const) expect(a[greek]).toBeCloseTo(b[greek], 9);
  });

  it('P&L in USDT, and in USD at par unless USDT has a price', () => {
    const usdt = applyFill(null, { instrument: CALL, side: 'buy', size: 2, price: 1_250, fee: 1, time: NOW });
    const usdc = applyFill(null, { instrument: 'SOL_USDC-26DEC25-150-P', side: 'sell', size: 10, price: 8, fee: 0, time: NOW });
    const marks = new Map([[CALL, 1_300], ['SOL_USDC-26DEC25-150-P', 7]]);
    const book = bookPnl([usdt, usdc], marks, {});
    expect(book.currencies).toEqual([
      { currency: 'USDT', realized: 0, unrealized: 100, fees: 1, net: 99, netUsd: 99 },
      { currency: 'USDC', realized: 0, unrealized: 10, fees: 0, net: 10, netUsd: 10 },
    ]);
    expect(book.netUsd).toBe(109);
    // A price for USDT, where one exists, is used instead of par.
    expect(bookPnl([usdt], marks, { USDT: 0.999 }).netUsd).toBeCloseTo(99 * 0.999, 12);
  });
});

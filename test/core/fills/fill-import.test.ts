/**
 * Fill files into a real store: Deribit's transaction log (inverse and USDC-linear options, a
 * perpetual, rows that are not trades) and the desk's own fills export, all or nothing with every
 * bad line reported by number, duplicates by venue trade id skipped on re-import.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk, type Desk } from '../../../electron/core/desk';
import { deribitLogTime } from '../../../electron/core/fills/deribit-trade-log';
import { guessFillCsvFormat } from '../../../electron/core/fills/fill-import';
import { DATABASE_FILE } from '../../../electron/core/store/database';
import { ImportRejectedError } from '../../../electron/core/store/history-import';
import { rowCounts } from '../../support/seeded-store';
import { BTC_LOG, HEADER, row, USDC_LOG } from '../../support/trade-logs';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 4, 20, 12);

function openDesk(): { desk: Desk; dataDir: string; counts: () => Record<string, number>; close: () => void } {
  const dataDir = tempDir();
  const desk = createDesk({ dataDir, clock: new ManualClock(NOW), config: { hostMode: 'cli' } });
  const reader = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  return {
    desk,
    dataDir,
    counts: () => rowCounts(reader),
    close: () => {
      reader.close();
      desk.close();
    },
  };
}

function rejection(run: () => unknown): ImportRejectedError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportRejectedError) return error;
    throw error;
  }
  throw new Error('the import was not refused');
}

describe("Deribit's transaction log", () => {
  it('imports the trades of inverse and linear options and a perpetual, in execution order, with positions by hand', () => {
    const { desk, close } = openDesk();
    let positionsResets = 0;
    desk.events.subscribe((channel) => (positionsResets += channel === 'positions.reset' ? 1 : 0));

    expect(desk.importFillFile('deribit', BTC_LOG, 'btc.csv')).toEqual({ source: 'btc.csv', added: 4, duplicates: 0, skipped: { delivery: 1, deposit: 1 } });
    expect(desk.importFillFile('deribit', USDC_LOG, 'usdc.csv')).toEqual({ source: 'usdc.csv', added: 3, duplicates: 0, skipped: {} });
    expect(positionsResets).toBe(2);

    const stored = desk.fills.list(100).reverse(); // oldest first
    expect(stored.map((fill) => fill.venueTradeId)).toEqual(['910001', '900002', '900003', '910002', '900004', '900005', '910003']);
    expect(stored.every((fill) => fill.source === 'import' && fill.venue === 'deribit' && fill.recordedAt === NOW)).toBe(true);
    expect(stored[0]).toMatchObject({ instrument: 'BTC_USDC-29MAY26-100000-C', side: 'buy', size: 2, price: 21.5, fee: 0.6, time: Date.UTC(2026, 4, 11, 8, 15) });
    expect(stored[2]).toMatchObject({ side: 'buy', size: 0.5, price: 0.025, fee: -0.00005, time: Date.UTC(2026, 4, 12, 16, 0, 5) });

    const byName = Object.fromEntries(desk.fills.positions().map((p) => [p.instrument, p]));
    // Inverse call: bought 1.5 @ 0.02 and 0.5 @ 0.025 (avg 0.02125 BTC), sold 1 @ 0.03: realized 1 x (0.03 - 0.02125) BTC.
    expect(byName['BTC-29MAY26-100000-C']).toMatchObject({ currency: 'BTC', size: 1 });
    expect(byName['BTC-29MAY26-100000-C']!.avgPrice).toBeCloseTo(0.02125, 15);
    expect(byName['BTC-29MAY26-100000-C']!.realizedPnl).toBeCloseTo(0.00875, 15);
    expect(byName['BTC-29MAY26-100000-C']!.fees).toBeCloseTo(0.0007, 15);
    // Linear put, in USDC: sold 10 @ 6.5, bought back 4 @ 5.1: realized 4 x (6.5 - 5.1) USDC.
    expect(byName['SOL_USDC-29MAY26-180-P']).toMatchObject({ currency: 'USDC', size: -6, avgPrice: 6.5 });
    expect(byName['SOL_USDC-29MAY26-180-P']!.realizedPnl).toBeCloseTo(5.6, 12);
    expect(byName['SOL_USDC-29MAY26-180-P']!.fees).toBeCloseTo(0.7, 12);
    expect(byName['BTC-PERPETUAL']).toMatchObject({ currency: 'BTC', size: -3000, avgPrice: 96000 });
    close();
  });

  it('re-importing the same file adds nothing; an overlapping later export adds only what is new', () => {
    const { desk, counts, close } = openDesk();
    desk.importFillFile('deribit', BTC_LOG, 'btc.csv');
    const before = counts();
    const positions = desk.fills.positions();
    let positionsResets = 0;
    desk.events.subscribe((channel) => (positionsResets += channel === 'positions.reset' ? 1 : 0));

    expect(desk.importFillFile('deribit', BTC_LOG, 'btc.csv')).toMatchObject({ added: 0, duplicates: 4 });
    expect(counts()).toEqual(before);
    expect(desk.fills.positions()).toEqual(positions);
    expect(positionsResets).toBe(0);

    const later = [
      HEADER,
      row({ id: 7, seq: 1007, date: '19/05/26 12:00:00', instrument: 'BTC-PERPETUAL', side: 'close buy', amount: '1000', price: '97000', fee: '0.000005', trade: '900007' }),
      ...BTC_LOG.split('\r\n').slice(2, 4), // the perpetual sell and the call sell, already stored
    ].join('\n');
    expect(desk.importFillFile('deribit', later, 'later.csv')).toMatchObject({ added: 1, duplicates: 2 });
    expect(desk.fills.count()).toBe(5);
    expect(desk.fills.position('BTC-PERPETUAL')!.size).toBe(-2000);
    close();
  });

  it('reports every malformed line by number and writes nothing', () => {
    const { desk, counts, close } = openDesk();
    desk.importFillFile('deribit', USDC_LOG, 'usdc.csv');
    const before = counts();
    const good = (trade: string, extra: Partial<Parameters<typeof row>[0]> = {}) =>
      row({ id: 1, seq: 1, date: '12/05/26 16:00:05', instrument: 'BTC-29MAY26-100000-C', side: 'open buy', amount: '1', price: '0.02', fee: '0.0003', trade, ...extra });
    const lines = [
      HEADER, // 1
      good('a1'), // 2: fine
      good('a2', { date: '31/02/26 10:00:00' }), // 3: no such date
      good('a3', { side: 'open hold' }), // 4
      good('a4', { amount: '1.5.0' }), // 5
      good('a5', { price: 'abc', fee: '' }), // 6: two problems on one line
      good('a6', { instrument: 'BTC-30FEB26-100000-C' }), // 7
      good('a7', { amount: '-1' }), // 8: the contract's schema: size must be positive
      good('a8', { price: '-0.01' }), // 9
      good('a1'), // 10: the trade id of line 2 again
      good('', { instrument: 'BTC-29MAY26-100000-C' }), // 11: a trade without its id
      'x,y,z', // 12: wrong number of fields
      good('a9', { date: '2026-05-12T25:00:00Z' }), // 13
      good('a10', { instrument: 'DOGE-29MAY26-1-C' }), // 14
      '1,1,12/05/26 16:00:05,BTC-29MAY26-100000-C,trade,open buy,1,0,0.02,0.02,95000,0,0,0.0003,0.0003,0,0,1,1,"a11,ORD,,', // 15: an open quote
    ];
    const error = rejection(() => desk.importFillFile('deribit', lines.join('\n'), 'bad.csv'));
    const byLine = new Map<number, string>();
    for (const problem of error.problems) {
      expect(problem.table).toBe('bad.csv');
      byLine.set(problem.line, [byLine.get(problem.line), problem.message].filter(Boolean).join(' | '));
    }
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(byLine.get(3)).toMatch(/Date: "31\/02\/26 10:00:00" is not a date/);
    expect(byLine.get(4)).toMatch(/Side: "open hold" is not a buy or a sell/);
    expect(byLine.get(5)).toMatch(/Amount: "1.5.0" is not a number/);
    expect(byLine.get(6)).toMatch(/Price: "abc" is not a number; Fee Charged: "" is not a number/);
    expect(byLine.get(7)).toMatch(/instrument: .*30FEB26 is not a date/);
    expect(byLine.get(8)).toMatch(/size: size must be positive/);
    expect(byLine.get(9)).toMatch(/price: price must not be negative/);
    expect(byLine.get(10)).toMatch(/trade id a1 is already on line 2/);
    expect(byLine.get(11)).toMatch(/venueTradeId/);
    expect(byLine.get(12)).toMatch(/3 fields, the header has 23/);
    expect(byLine.get(13)).toMatch(/Date: .* is not a date/);
    expect(byLine.get(14)).toMatch(/unknown underlying DOGE/);
    expect(byLine.get(15)).toMatch(/malformed CSV|Quote Not Closed/i);
    expect(error.message).toMatch(/^import refused, nothing was written \(13 problems\)/);
    expect(counts()).toEqual(before);
    close();
  });

  it('refuses a file that is not a transaction log, and an empty one, by what is missing', () => {
    const { desk, counts, close } = openDesk();
    const before = counts();
    expect(rejection(() => desk.importFillFile('deribit', 'time,instrument,qty\n1,BTC-PERPETUAL,10\n', 'other.csv')).problems).toEqual([
      { table: 'other.csv', line: 1, message: 'not a Deribit transaction log: no column Date, Instrument, Type, Side, Price, Trade ID, Amount, Fee Charged in the header' },
    ]);
    expect(rejection(() => desk.importFillFile('deribit', '', 'empty.csv')).problems).toEqual([{ table: 'empty.csv', line: 0, message: 'the file is empty' }]);
    expect(counts()).toEqual(before);
    close();
  });

  it("reads the log's date forms in UTC", () => {
    expect(deribitLogTime('12/05/26 16:00:05')).toBe(Date.UTC(2026, 4, 12, 16, 0, 5));
    expect(deribitLogTime('12/05/2026 16:00:05.25')).toBe(Date.UTC(2026, 4, 12, 16, 0, 5, 250));
    expect(deribitLogTime('2026-05-12 16:00:05')).toBe(Date.UTC(2026, 4, 12, 16, 0, 5));
    expect(deribitLogTime('2026-05-12T16:00:05+02:00')).toBe(Date.UTC(2026, 4, 12, 14, 0, 5));
    for (const text of ['', '12/05/26', '32/01/26 10:00:00', '12/13/26 10:00:00', '12/05/26 24:00:00', 'yesterday']) expect(deribitLogTime(text), text).toBeUndefined();
  });
});

describe("the desk's own fills export", () => {
  async function seed(desk: Desk) {
    const add = async (fill: Record<string, unknown>) => expect(await dispatch(desk.handlers, 'fills.add', fill)).toMatchObject({ ok: true });
    await add({ instrument: 'ETH-29MAY26-3000-P', side: 'sell', size: 5, price: 0.04, fee: 0.0015, time: NOW - 5000, note: 'a "quoted" note, with a comma' });
    // Two identical manual fills (no trade id): both real, both must survive a round trip.
    await add({ instrument: 'ETH-29MAY26-3000-P', side: 'buy', size: 1, price: 0.03, time: NOW - 4000 });
    await add({ instrument: 'ETH-29MAY26-3000-P', side: 'buy', size: 1, price: 0.03, time: NOW - 4000 });
    await add({ instrument: 'BTC-PERPETUAL', side: 'buy', size: 500, price: 95000, fee: 0.0000026, time: NOW - 3000, venue: 'deribit', venueTradeId: 'T-1' });
  }

  it('round-trips into another desk with the same positions; re-imports add nothing, into either desk', async () => {
    const a = openDesk();
    await seed(a.desk);
    const exportDir = path.join(tempDir(), 'export');
    a.desk.exportHistory(exportDir);
    const csv = fs.readFileSync(path.join(exportDir, 'fills.csv'));
    expect(guessFillCsvFormat(csv)).toBe('desk');
    expect(guessFillCsvFormat(BTC_LOG)).toBe('deribit');

    const b = openDesk();
    expect(b.desk.importFillFile('desk', csv, 'fills.csv')).toEqual({ source: 'fills.csv', added: 4, duplicates: 0, skipped: {} });
    const strip = (positions: ReturnType<Desk['fills']['positions']>) => positions;
    expect(strip(b.desk.fills.positions())).toEqual(strip(a.desk.fills.positions()));
    const imported = b.desk.fills.list(10);
    expect(imported.every((fill) => fill.source === 'import')).toBe(true);
    expect(imported.find((fill) => fill.note)!.note).toBe('a "quoted" note, with a comma');
    expect(imported.find((fill) => fill.instrument === 'BTC-PERPETUAL')).toMatchObject({ venue: 'deribit', venueTradeId: 'T-1' });
    expect(imported.filter((fill) => fill.venueTradeId === null)).toHaveLength(3);

    const bCounts = b.counts();
    expect(b.desk.importFillFile('desk', csv, 'fills.csv')).toMatchObject({ added: 0, duplicates: 4 });
    expect(b.counts()).toEqual(bCounts);
    const aCounts = a.counts();
    expect(a.desk.importFillFile('desk', csv, 'fills.csv')).toMatchObject({ added: 0, duplicates: 4 });
    expect(a.counts()).toEqual(aCounts);
    a.close();
    b.close();
  });

  it('refuses a changed header and bad cells by line, nothing written', async () => {
    const a = openDesk();
    await seed(a.desk);
    const exportDir = path.join(tempDir(), 'export');
    a.desk.exportHistory(exportDir);
    const lines = fs.readFileSync(path.join(exportDir, 'fills.csv'), 'utf8').split('\r\n');
    const b = openDesk();
    const before = b.counts();
    expect(rejection(() => b.desk.importFillFile('desk', ['"id","instrument"', ...lines.slice(1)].join('\r\n'), 'f.csv')).problems).toEqual([
      { table: 'f.csv', line: 1, message: expect.stringMatching(/^header id,instrument is not the desk's fills export \(id,instrument,side,/) },
    ]);
    const broken = [...lines];
    broken[1] = broken[1]!.replace(/,5,/, ',"five",'); // line 2: a size that is no number
    broken[2] = broken[2]!.replace('"buy"', '"hold"'); // line 3
    broken[3] = broken[3]!.replace(/"ETH-29MAY26-3000-P"/, ''); // line 4: NULL where the store requires a value
    const error = rejection(() => b.desk.importFillFile('desk', broken.join('\r\n'), 'f.csv'));
    expect(error.problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
    expect(error.problems[0]!.message).toMatch(/size/);
    expect(error.problems[1]!.message).toMatch(/side/);
    expect(error.problems[2]!.message).toMatch(/instrument must not be empty/);
    expect(b.counts()).toEqual(before);
    a.close();
    b.close();
  });
});

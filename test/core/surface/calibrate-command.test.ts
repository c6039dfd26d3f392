/**
 * `desk calibrate` on the real Deribit snapshots and on dirtied copies: every row is accounted for
 * (used or dropped with a reason), dirty rows never break the fit, a corrupt row is an error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runDesk } from '../../support/desk-cli';
import { FIXTURES_DIR } from '../../support/fixtures';

const CHAIN = path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv');
const rows = parse(fs.readFileSync(CHAIN), { columns: true }) as Record<string, string>[];

function writeChain(mutated: Record<string, string>[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-chain-')), 'chain.csv');
  const columns = Object.keys(rows[0]!);
  const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const lines = [columns.join(','), ...mutated.map((row) => columns.map((column) => quoted(row[column] ?? '')).join(','))];
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('desk calibrate', () => {
  it('fits every expiry of the 2020-05-21 chain and accounts for every row', () => {
    const run = runDesk(['calibrate', '--chain', CHAIN]);
    expect(run.code, run.stderr).toBe(0);
    const slices = run.json();
    const expiries = new Set(rows.map((r) => r.expiration_timestamp));
    expect(slices).toHaveLength(expiries.size);
    expect(slices.reduce((sum, s) => sum + s.n_used + s.n_dropped, 0)).toBe(rows.length);
    for (const slice of slices) {
      expect(Object.keys(slice.svi)).toEqual(['a', 'b', 'rho', 'm', 'sigma']);
      expect(slice.forward).toBeGreaterThan(9000);
      expect(slice.rmse_vol_pts).toBeLessThan(3);
      expect(slice.within_bid_ask).toBeGreaterThan(0.7);
      expect(slice.arbitrage).toEqual({ butterfly: false, calendar: false });
    }
    // The target: at least 95% of two-sided quotes have their fitted vol inside bid/ask.
    const used = slices.reduce((sum, s) => sum + s.n_used, 0);
    const inside = slices.reduce((sum, s) => sum + s.within_bid_ask * s.n_used, 0);
    expect(inside / used).toBeGreaterThanOrEqual(0.95);
    // Deribit's empty sides (bid IV 0, ask IV 0 or 500) are counted, not fitted.
    const drops = slices.reduce((sum, s) => sum + s.dropped.no_bid + s.dropped.no_ask, 0);
    expect(drops).toBeGreaterThan(20);
  });

  it('survives a dirty chain: missing sides, 500% asks, crossed books and a one-strike expiry', () => {
    const dirty = rows.map((row, i) => {
      if (i % 7 === 0) return { ...row, bid_iv: '0.0', best_bid_amount: '0.0' };
      if (i % 7 === 1) return { ...row, ask_iv: '500.0' };
      if (i % 7 === 2) return { ...row, bid_iv: String(Number(row.ask_iv) + 5) };
      return row;
    });
    const lone = { ...rows[0]!, instrument_name: 'BTC-3JUL20-9000-C', expiration_timestamp: '1593763200000', strike: '9000.0' };
    const run = runDesk(['calibrate', '--chain', writeChain([...dirty, lone])]);
    expect(run.code, run.stderr).toBe(0);
    const slices = run.json();
    expect(slices.reduce((sum, s) => sum + s.n_used + s.n_dropped, 0)).toBe(rows.length + 1);
    expect(slices.reduce((sum, s) => sum + s.dropped.crossed, 0)).toBeGreaterThan(0);
    const loneSlice = slices.find((s) => s.expiry === '2020-07-03T08:00:00.000Z');
    expect(loneSlice.svi).toBeNull();
    for (const slice of slices.filter((s) => s.svi)) expect(Number.isFinite(slice.rmse_vol_pts)).toBe(true);
  });

  it('fits the marks of a markprice.options message, with parity forwards, and repairs its arbitrage', () => {
    const run = runDesk(['calibrate', '--chain', path.join(FIXTURES_DIR, 'btc-markprice-2025-06-06.json')]);
    expect(run.code, run.stderr).toBe(0);
    const slices = run.json();
    expect(slices.length).toBeGreaterThan(5);
    for (const slice of slices) {
      expect(slice.within_bid_ask).toBeNull();
      expect(slice.forward).toBeGreaterThan(90_000);
      expect(slice.forward).toBeLessThan(120_000);
      // The marks themselves cross in T and have negative densities; the surface handed on does not.
      expect(slice.arbitrage).toEqual({ butterfly: false, calendar: false });
    }
    // Marks at the minimum tick (Deribit shows IVs like 0.3% there) are counted, not fitted.
    expect(slices.reduce((sum, s) => sum + s.dropped.min_tick_mark, 0)).toBeGreaterThan(50);
    expect(slices.some((s) => s.model === 'ssvi')).toBe(true);
  });

  it('leaves no arbitrage in the 2020-05-14 chain, whose first expiry is 2.6 hours away, and meets its quotes', () => {
    const run = runDesk(['calibrate', '--chain', path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv')]);
    expect(run.code, run.stderr).toBe(0);
    for (const slice of run.json()) {
      expect(slice.arbitrage).toEqual({ butterfly: false, calendar: false });
      expect(slice.within_bid_ask).toBe(1);
    }
  });

  it("reads Tardis's options_chain CSV (microseconds, empty sides, every coin) to the same surface", () => {
    const header = 'exchange,symbol,timestamp,local_timestamp,type,strike_price,expiration,open_interest,last_price,bid_price,bid_amount,bid_iv,ask_price,ask_amount,ask_iv,mark_price,mark_iv,underlying_index,underlying_price,delta,gamma,vega,theta,rho';
    const empty = (value: string | undefined) => (Number(value) === 0 ? '' : (value ?? ''));
    const tardisRow = (row: Record<string, string>, symbol: string) =>
      [
        'deribit', symbol, `${row.timestamp}000`, `${row.timestamp}123`, row.option_type, row.strike, `${row.expiration_timestamp}000`,
        row.open_interest, row.last_price, empty(row.best_bid_price), empty(row.best_bid_amount), empty(row.bid_iv),
        empty(row.best_ask_price), empty(row.best_ask_amount), row.ask_iv, row.mark_price, row.mark_iv, row.underlying_index,
        row.underlying_price, '0', '0', '0', '0', '0',
      ].join(',');
    // The same quotes again under ETH names: a Tardis file holds the venue's every coin.
    const lines = [header, ...rows.map((row) => tardisRow(row, row.instrument_name!)), ...rows.map((row) => tardisRow(row, row.instrument_name!.replace('BTC', 'ETH')))];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-tardis-')), 'deribit_options_chain.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const ambiguous = runDesk(['calibrate', '--chain', file]);
    expect(ambiguous.code).not.toBe(0);
    expect(ambiguous.stderr).toMatch(/holds BTC, ETH: choose one underlying/);
    const tardis = runDesk(['calibrate', '--chain', file, '--underlying', 'BTC']);
    expect(tardis.code, tardis.stderr).toBe(0);
    expect(tardis.json()).toEqual(runDesk(['calibrate', '--chain', CHAIN]).json());
  });

  it('records calibrations in the desk, warm after the first, and replays the one in force at a time', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-surfaces-'));
    for (const day of ['14', '21']) {
      const run = runDesk(['calibrate', '--chain', path.join(FIXTURES_DIR, `btc-chain-2020-05-${day}.csv`), '--record', '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
    }
    const history = runDesk(['calibrations', '--data-dir', dataDir]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.json().map((c) => [c.settlement, c.warm, c.expiries, c.arbitrage])).toEqual([
      ['inverse', false, 7, false],
      ['inverse', true, 7, false],
    ]);
    const first = runDesk(['calibrate', '--chain', path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv')]).json();
    const replay = runDesk(['calibrations', '--data-dir', dataDir, '--at', '2020-05-20T00:00:00Z']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.json()).toEqual(first);
    const before = runDesk(['calibrations', '--data-dir', dataDir, '--at', '2020-05-01T00:00:00Z']);
    expect(before.code).not.toBe(0);
    expect(before.stderr).toMatch(/no deribit BTC calibration recorded at or before/);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the line of a corrupt row and writes nothing', () => {
    const corrupt = rows.map((row, i) => (i === 4 ? { ...row, timestamp: 'soon' } : row));
    const run = runDesk(['calibrate', '--chain', writeChain(corrupt)]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/line 6: timestamp is not a number/);
    expect(run.stdout).toBe('');
  });
});

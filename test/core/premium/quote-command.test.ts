/**
 * `desk quote` on the real 2020-05-14 Deribit chain: one line per live option and size, every
 * breakdown summing to its price, quotes inside sane bounds of the venue's own book, a positions
 * file moving the inventory term, and bad files refused with the file named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { QuoteJournal } from '../../../electron/core/store/quote-journal';
import { runDesk } from '../../support/desk-cli';
import { FIXTURES_DIR } from '../../support/fixtures';

const CHAIN = path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv');
const rows = parse(fs.readFileSync(CHAIN), { columns: true }) as Record<string, string>[];
const TERMS = ['base', 'inventory', 'adverse', 'liquidity', 'holding', 'tail', 'fee', 'clamp', 'rounding'];

interface Line {
  instrument: string;
  size: number;
  theo: number;
  bid: number | null;
  ask: number | null;
  bid_iv: number | null;
  ask_iv: number | null;
  premium: Record<string, { bid: number; ask: number }>;
  suppressed: null | { side: string; limit: string };
}

function tempFile(name: string, content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-quote-')), name);
  fs.writeFileSync(file, content);
  return file;
}

describe('desk quote', () => {
  const run = runDesk(['quote', '--chain', CHAIN]);
  const lines = run.json() as Line[];

  it('quotes every option of the chain at each size of the ladder', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(lines.length).toBe(rows.length * 4);
    expect(new Set(lines.map((l) => l.size))).toEqual(new Set([1, 5, 25, 100]));
    for (const line of lines) expect(Object.keys(line.premium).sort()).toEqual([...TERMS].sort());
  });

  it('every breakdown sums to its price, and quotes bracket theo', () => {
    let quoted = 0;
    for (const line of lines) {
      if (line.bid !== null) {
        const sum = TERMS.reduce((price, term) => price - line.premium[term]!.bid, line.theo);
        expect(sum).toBeCloseTo(line.bid, 12);
        expect(line.bid).toBeLessThanOrEqual(line.theo);
        quoted += 1;
      }
      if (line.ask !== null) {
        const sum = TERMS.reduce((price, term) => price + line.premium[term]!.ask, line.theo);
        expect(sum).toBeCloseTo(line.ask, 12);
        expect(line.ask).toBeGreaterThanOrEqual(line.theo);
      }
    }
    expect(quoted).toBeGreaterThan(lines.length / 2);
  });

  it("one-contract quotes on a flat book sit a few vol points outside Deribit's own top of book", () => {
    // Not a reference for the premium (the venue's makers price their own risk), a sanity bound:
    // with default parameters a flat book quotes theo plus base, adverse, fee and ticks, which on
    // this chain is a median 2-3 vol points outside the venue's bid and ask. Options within two
    // days of expiry are left out: their vega vanishes, so vol points say nothing there.
    const byName = new Map(rows.map((r) => [r.instrument_name, r]));
    const outside = { bid: [] as number[], ask: [] as number[] };
    for (const line of lines.filter((l) => l.size === 1)) {
      const row = byName.get(line.instrument)!;
      if (Number(row.expiration_timestamp) - Number(row.timestamp) < 2 * 86_400_000) continue;
      const [venueBid, venueAsk] = [Number(row.bid_iv) / 100, Number(row.ask_iv) / 100];
      if (venueAsk > 0 && venueAsk < 5 && line.ask_iv !== null) outside.ask.push(line.ask_iv - venueAsk);
      if (venueBid > 0 && line.bid_iv !== null) outside.bid.push(venueBid - line.bid_iv);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    for (const side of ['bid', 'ask'] as const) {
      expect(outside[side].length).toBeGreaterThan(100);
      expect(median(outside[side])).toBeGreaterThan(0);
      expect(median(outside[side])).toBeLessThan(0.04);
    }
  });

  it('a short position raises the inventory premium of selling more and lowers that of buying back', () => {
    const instrument = 'BTC-26JUN20-9000-C';
    const positions = tempFile('positions.json', JSON.stringify([{ instrument, size: -150 }]));
    const held = runDesk(['quote', '--chain', CHAIN, '--positions', positions, '--size', '10']);
    expect(held.code, held.stderr).toBe(0);
    const line = (held.json() as Line[]).find((l) => l.instrument === instrument)!;
    expect(line.size).toBe(10);
    expect(line.premium.inventory!.ask).toBeGreaterThan(0);
    expect(line.premium.inventory!.bid).toBeLessThan(0);
    const flat = lines.find((l) => l.instrument === instrument && l.size === 5)!;
    expect(flat.premium.inventory!.ask).toBeCloseTo(flat.premium.inventory!.bid, 15);
  });

  it('refuses a malformed positions file or parameter file, naming it, and writes no quotes', () => {
    const badPositions = tempFile('positions.json', JSON.stringify([{ instrument: 'BTC-32JAN20-1-C', size: 1 }]));
    const refused = runDesk(['quote', '--chain', CHAIN, '--positions', badPositions]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(badPositions);
    expect(refused.stdout).toBe('');
    const badParams = tempFile('params.json', JSON.stringify({ riskAversion: 'high' }));
    const refusedParams = runDesk(['quote', '--chain', CHAIN, '--params', badParams]);
    expect(refusedParams.code).toBe(2);
    expect(refusedParams.stderr).toContain('riskAversion');
    expect(refusedParams.stdout).toBe('');
  });

  it('--record journals every quote in the desk with the parameter set it was priced with', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-quote-record-'));
    const recorded = runDesk(['quote', '--chain', CHAIN, '--record', '--data-dir', dir, '--size', '2']);
    expect(recorded.code, recorded.stderr).toBe(0);
    const printed = recorded.json() as Line[];
    const db = openDatabase(path.join(dir, 'desk.sqlite'));
    const journal = new QuoteJournal(db);
    expect(journal.count()).toBe(printed.length);
    const line = printed.find((l) => l.bid !== null && l.ask !== null)!;
    const [stored] = journal.history(line.instrument);
    expect(stored).toMatchObject({ instrument: line.instrument, size: 2, bid: line.bid, ask: line.ask, theo: line.theo });
    expect(stored!.premium).toEqual(line.premium);
    // --size changed the set in force (the ladder), so a new version names these quotes.
    const params = db.prepare('SELECT id, source, note FROM premium_params ORDER BY id').all();
    expect(params).toEqual([
      { id: 1, source: 'default', note: null },
      { id: 2, source: 'file', note: 'quote --size 2' },
    ]);
    expect(stored!.paramsId).toBe(2);
    db.close();
  });
});

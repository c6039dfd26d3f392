/**
 * `desk hedge` on the real 2020-05-14 Deribit chain: one line per suggestion in the documented
 * shape, delta traded in whole 10 USD perpetual lots, each claimed risk falling, option hedges at
 * a high risk aversion, and a position the chain cannot value refused with its name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDesk } from '../../support/desk-cli';
import { FIXTURES_DIR } from '../../support/fixtures';

const CHAIN = path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv');

function tempFile(name: string, content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-hedge-')), name);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

const BOOK = [
  { instrument: 'BTC-26JUN20-9000-C', size: -200 },
  { instrument: 'BTC-29MAY20-9500-P', size: -100 },
  { instrument: 'BTC-PERPETUAL', size: -1_500_000 },
];

interface Line {
  kind: string;
  instrument: string;
  side: string;
  size: number;
  cost: number;
  risk_before: number;
  risk_after: number;
}

describe('desk hedge', () => {
  // A risk aversion 100 times the default, so that vega is worth its spread on this 2020 chain.
  const run = runDesk(['hedge', '--chain', CHAIN, '--positions', tempFile('book.json', BOOK), '--params', tempFile('params.json', { riskAversion: 2e-4 })]);
  const lines = run.json() as Line[];

  it('prints one line per suggestion with the documented fields', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['kind', 'instrument', 'side', 'size', 'cost', 'risk_before', 'risk_after']);
      expect(['delta', 'cross', 'vega', 'gamma']).toContain(line.kind);
      expect(['buy', 'sell']).toContain(line.side);
      expect(line.size).toBeGreaterThan(0);
      expect(line.cost).toBeGreaterThan(0);
      expect(line.risk_after).toBeLessThan(line.risk_before);
    }
  });

  it('buys back the short perpetual delta in 10 USD lots, and hedges vega in listed options', () => {
    const delta = lines.find((line) => line.kind === 'delta')!;
    expect(delta).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'buy' });
    expect(delta.size % 10).toBe(0);
    expect(delta.cost).toBeCloseTo(delta.size * (0.00005 + 0.0005), 6); // default half-spread plus taker fee
    const options = lines.filter((line) => line.kind === 'vega' || line.kind === 'gamma');
    expect(options.length).toBeGreaterThan(0);
    for (const line of options) expect(line.instrument).toMatch(/^BTC-\d+[A-Z]{3}20-\d+-[CP]$/);
  });

  it('suggests nothing for a book of expired options and refuses a position the chain cannot value', () => {
    const none = runDesk(['hedge', '--chain', CHAIN, '--positions', tempFile('expired.json', [{ instrument: 'BTC-8MAY20-9000-C', size: -50 }])]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toBe('');
    const eth = runDesk(['hedge', '--chain', CHAIN, '--positions', tempFile('eth.json', [{ instrument: 'ETH-PERPETUAL', size: 1000 }])]);
    expect(eth.code).toBe(2);
    expect(eth.stderr).toMatch(/ETH-PERPETUAL: no chain of ETH \(the chains hold BTC\)/);
  });
});

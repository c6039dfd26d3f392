/** The CLI as a script would use it: a real process, JSON lines out, errors on stderr with a non-zero exit. */
import { describe, expect, it } from 'vitest';
import { runDesk } from '../../support/desk-cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

const desk = runDesk;

describe('the desk CLI', () => {
  it('lists its commands', () => {
    const result = desk(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'status', 'positions', 'fills', 'add-fills', 'rebuild-positions']) expect(result.stdout).toContain(command);
  });

  it('fails clearly on an unknown command or flag', () => {
    expect(desk(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'frobnicate'") });
    expect(desk(['positions', '--no-such-flag'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no-such-flag') });
  });

  it('stores good fill lines, reports bad ones in place, and exits non-zero', () => {
    const dataDir = tempDir();
    const input = [
      JSON.stringify({ instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: 2, price: 0.05, time: 1_700_000_000_000 }),
      '{ not json',
      JSON.stringify({ instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: 0, price: 0.05 }),
      JSON.stringify({ instrument: 'BTC-27DEC24-60000-C', side: 'sell', size: 0.5, price: 0.07, time: 1_700_000_000_001 }),
    ].join('\n');
    const added = desk(['add-fills', '--data-dir', dataDir], input);
    expect(added.code).toBe(1);
    const results = added.json();
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ id: 1, size: 2 });
    expect(results[1].error).toMatch(/not JSON/);
    expect(results[2]).toMatchObject({ code: 'invalid_request', error: expect.stringContaining('size must be positive') });
    expect(results[3]).toMatchObject({ id: 2, side: 'sell' });

    const positions = desk(['positions', '--data-dir', dataDir]);
    expect(positions.code).toBe(0);
    expect(positions.json()).toEqual([expect.objectContaining({ instrument: 'BTC-27DEC24-60000-C', size: 1.5, avgPrice: 0.05 })]);
    expect(positions.json()[0].realizedPnl).toBeCloseTo(0.01, 12);

    const rebuilt = desk(['rebuild-positions', '--data-dir', dataDir]);
    expect(rebuilt.json()).toEqual([{ rebuilt: 1, open: 1 }]);
    expect(desk(['status', '--data-dir', dataDir]).json()[0]).toMatchObject({ hostMode: 'cli', store: { ok: true, fills: 2 } });
  });
});

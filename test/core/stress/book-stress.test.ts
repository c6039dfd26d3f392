/**
 * The book under stress through the contract, on a real SQLite file and the real 2020-05-14 BTC
 * chain: the unshocked cell is zero, an inverse perpetual's P&L follows A (1 - F0/F1) to the cent,
 * short calls lose as spot and vol rise, the suggested hedges flatten the small-move cells (delta
 * removed), the paths are all there with an unwind cost, and an expired position is left out with why.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { parseChainFile } from '../../../electron/core/surface/chain-files';
import { invokeChannels } from '../../../shared/contract/channels';
import { FIXTURES_DIR } from '../../support/fixtures';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2020, 4, 14, 6);
const chain = parseChainFile(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv'), 'utf8'));

async function stressOf(fills: Record<string, unknown>[]) {
  const desk = createDesk({ dataDir: tempDir(), clock: new ManualClock(NOW), config: { hostMode: 'cli' }, hedgeChains: () => [chain] });
  for (const fill of fills) expect((await dispatch(desk.handlers, 'fills.add', fill)).ok).toBe(true);
  const outcome = await dispatch(desk.handlers, 'risk.stress', {});
  desk.close();
  if (!outcome.ok) throw new Error(outcome.error.message);
  return invokeChannels['risk.stress'].response.parse(outcome.value);
}

describe('risk.stress', () => {
  it('revalues the book over the grid and the paths, as is and hedged', async () => {
    const { stress, message } = await stressOf([
      { instrument: 'BTC-26JUN20-9000-C', side: 'sell', size: 200, price: 0.11 },
      { instrument: 'BTC-29MAY20-9500-P', side: 'sell', size: 100, price: 0.06 },
      { instrument: 'BTC-8MAY20-9000-C', side: 'buy', size: 5, price: 0.02, time: Date.UTC(2020, 4, 1) },
    ]);
    expect(message).toBeNull();
    const { grid, hedgedGrid, spotPct, volPts, paths, hedges, skipped } = stress!;
    expect(spotPct).toEqual([-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30]);
    expect(volPts).toEqual([-15, -10, -5, 0, 5, 10, 15, 20]);
    const at = (cells: number[][], spot: number, vol: number) => cells[spotPct.indexOf(spot)]![volPts.indexOf(vol)]!;
    expect(Math.abs(at(grid, 0, 0))).toBeLessThan(1e-6);
    // Short options: vol up loses, and the calls lose more as spot rises.
    expect(at(grid, 0, 20)).toBeLessThan(at(grid, 0, 0));
    expect(at(grid, 30, 0)).toBeLessThan(at(grid, 10, 0));
    // The suggested hedges include a delta hedge; with them, a 5% move either way costs less.
    expect(hedges.some((h) => h.instrument === 'BTC-PERPETUAL')).toBe(true);
    // One coherent set: each instrument once (delta and cross lines are alternatives, not both).
    expect(new Set(hedges.map((h) => h.instrument)).size).toBe(hedges.length);
    for (const spot of [-5, 5]) expect(Math.abs(at(hedgedGrid, spot, 0))).toBeLessThan(Math.abs(at(grid, spot, 0)));
    expect(paths.map((p) => p.name)).toEqual(['flash crash', 'vol spike', 'liquidity drought', 'correlated crash with cascading liquidations']);
    for (const p of paths) {
      expect(p.worstPnl).toBeLessThanOrEqual(p.pnl);
      expect(p.unwindCost).toBeGreaterThan(0);
    }
    expect(skipped).toEqual([{ instrument: 'BTC-8MAY20-9000-C', reason: expect.stringMatching(/not a live instrument/) }]);
  });

  it("values an inverse perpetual's P&L as A (1 - F0/F1)", async () => {
    const { stress } = await stressOf([{ instrument: 'BTC-PERPETUAL', side: 'buy', size: 1_000_000, price: 9_300 }]);
    const row = stress!.spotPct.indexOf(10);
    const zero = stress!.volPts.indexOf(0);
    expect(stress!.grid[row]![zero]).toBeCloseTo(1_000_000 * (1 - 1 / 1.1), 4);
  });

  it('says why there is nothing to stress', async () => {
    expect(await stressOf([])).toEqual({ stress: null, message: 'no positions to stress' });
  });
});

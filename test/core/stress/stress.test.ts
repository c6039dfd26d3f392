/**
 * Stress by full revaluation: a scenario's P&L equals the book revalued by hand, the grid moves
 * the way the book's greeks say, a drought costs nothing to hold but much to unwind, and the
 * `stress` command prints one line per scenario on the real 2020-05-14 chain.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { black76Price } from '../../../electron/core/pricing/black76';
import { premiumParams } from '../../../electron/core/premium/params';
import { StressBook, type StressPosition } from '../../../electron/core/stress/revalue';
import { spotVolGrid, stressPaths } from '../../../electron/core/stress/shocks';
import { runDesk } from '../../support/desk-cli';
import { FIXTURES_DIR } from '../../support/fixtures';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const option = (name: string) => parseInstrument(name) as OptionInstrument;
const params = premiumParams({});

const BOOK: StressPosition[] = [
  { instrument: option('BTC-27DEC26-80000-C'), size: 20, forward: 78_000, T: 0.2, vol: 0.55 },
  { instrument: option('ETH-27DEC26-2500-P'), size: -100, forward: 2_800, T: 0.2, vol: 0.7 },
  { instrument: option('SOL_USDC-27DEC26-150-C'), size: 300, forward: 140, T: 0.2, vol: 0.9 },
];

describe('stress revaluation', () => {
  it('a shock P&L is the book revalued by hand (inverse and linear: n x coins per contract x USD value change)', () => {
    const shock = { spot: { BTC: Math.log(0.8), ETH: Math.log(0.76), SOL: Math.log(0.7) }, vol: { BTC: 10, ETH: 12, SOL: 15 } };
    const scale = Math.min(Math.sqrt(30 / 365 / 0.2), 3);
    const byHand =
      20 * (black76Price('call', 78_000 * 0.8, 80_000, 0.2, 0.55 + 0.1 * scale) - black76Price('call', 78_000, 80_000, 0.2, 0.55)) -
      100 * (black76Price('put', 2_800 * 0.76, 2_500, 0.2, 0.7 + 0.12 * scale) - black76Price('put', 2_800, 2_500, 0.2, 0.7)) +
      300 * (black76Price('call', 140 * 0.7, 150, 0.2, 0.9 + 0.15 * scale) - black76Price('call', 140, 150, 0.2, 0.9));
    expect(new StressBook(BOOK, params).pnl(shock)).toBeCloseTo(byHand, 6);
  });

  it('the grid moves as the greeks say: a long-call book gains with spot and with vol', () => {
    const longCalls = [BOOK[0]!];
    const grid = spotVolGrid();
    expect(grid).toHaveLength(104);
    const book = new StressBook(longCalls, params);
    const pnl = (name: string) => book.run(grid.find((s) => s.name === name)!).pnl;
    expect(pnl('spot -30% vol 0')).toBeLessThan(pnl('spot 0% vol 0'));
    expect(pnl('spot 0% vol 0')).toBeCloseTo(0, 9);
    expect(pnl('spot +30% vol 0')).toBeGreaterThan(pnl('spot +10% vol 0'));
    expect(pnl('spot 0% vol +20')).toBeGreaterThan(pnl('spot 0% vol +5'));
  });

  it('a liquidity drought barely moves the book but multiplies what unwinding it costs', () => {
    const theo = black76Price('call', 78_000, 80_000, 0.2, 0.55) / 78_000;
    const withBook: StressPosition[] = [{ ...BOOK[0]!, book: { bids: [[theo - 0.001, 5], [theo - 0.002, 50]], asks: [[theo + 0.001, 5]] } }];
    const book = new StressBook(withBook, params);
    const calm = book.unwindCost({ spot: {}, vol: {} });
    const drought = book.run(stressPaths().find((s) => s.name === 'liquidity drought')!);
    expect(Math.abs(drought.pnl)).toBeLessThan(0.02 * 20 * theo * 78_000 * 5);
    expect(drought.unwindCost).toBeGreaterThan(5 * calm);
    expect(drought.worstPnl).toBe(drought.pnl); // one point: final is worst
  });

  it('a path reports its worst point: the flash crash recovers part of its loss for a short-put book', () => {
    const puts: StressPosition[] = [{ instrument: option('BTC-27DEC26-70000-P'), size: -30, forward: 78_000, T: 0.2, vol: 0.55 }];
    const crash = new StressBook(puts, params).run(stressPaths().find((s) => s.name === 'flash crash')!);
    expect(crash.worstPnl).toBeLessThan(crash.pnl);
    expect(crash.pnl).toBeLessThan(0);
  });
});

describe('desk stress', () => {
  it('prints the grid and the paths on the real chain, and refuses a position the chain lacks', () => {
    const dir = tempDir();
    const positions = path.join(dir, 'positions.json');
    fs.writeFileSync(positions, JSON.stringify([{ instrument: 'BTC-26JUN20-9000-C', size: -50 }, { instrument: 'BTC-26JUN20-8000-P', size: 40 }]));
    const chain = path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv');
    const run = runDesk(['stress', '--chain', chain, '--positions', positions]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.json();
    expect(lines).toHaveLength(104 + 4);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['kind', 'pnl', 'scenario', 'unwind_cost', 'worst_pnl']);
      expect(line.worst_pnl).toBeLessThanOrEqual(line.pnl);
      expect(line.unwind_cost).toBeGreaterThan(0);
    }
    fs.writeFileSync(positions, JSON.stringify([{ instrument: 'BTC-26JUN20-9100-C', size: 1 }]));
    const refused = runDesk(['stress', '--chain', chain, '--positions', positions]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('BTC-26JUN20-9100-C');
  });
});

/**
 * The blotter's book through the contract on a real SQLite file and the real 2020-05-14 BTC chain:
 * options marked at theo on the calibrated surface, checked against Deribit's own mark price and
 * greeks for the same instrument (the surface is a fit through bid/ask IVs, not Deribit's mark IV:
 * within 3% on delta and vega, 5% on theta and the price); the inverse perpetual's delta is its
 * USD amount; groups and totals add up; what cannot be marked says why and stays out of the sums.
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
// Deribit's own numbers for BTC-26JUN20-9000-C in that snapshot (per 1 BTC contract).
const DERIBIT = { mark: 0.13206676, delta: 0.60978, vega: 12.33696, theta: -11.96381 };

describe('book.view', () => {
  it('marks every position, adds greeks and P&L up by group, and says why a position is not marked', async () => {
    const desk = createDesk({ dataDir: tempDir(), clock: new ManualClock(NOW), config: { hostMode: 'cli' }, hedgeChains: () => [chain] });
    const fills = [
      { instrument: 'BTC-26JUN20-9000-C', side: 'sell', size: 200, price: 0.11 },
      { instrument: 'BTC-29MAY20-9500-P', side: 'sell', size: 100, price: 0.06 },
      { instrument: 'BTC-29MAY20-9500-P', side: 'buy', size: 40, price: 0.05 },
      { instrument: 'BTC-PERPETUAL', side: 'buy', size: 1_000_000, price: 9_300 },
      { instrument: 'BTC-8MAY20-9000-C', side: 'buy', size: 5, price: 0.02, time: Date.UTC(2020, 4, 1) },
      { instrument: 'ETH-26JUN20-200-C', side: 'buy', size: 10, price: 0.1 },
    ];
    for (const fill of fills) expect((await dispatch(desk.handlers, 'fills.add', fill)).ok).toBe(true);
    const outcome = await dispatch(desk.handlers, 'book.view', {});
    if (!outcome.ok) throw new Error(outcome.error.message);
    const view = invokeChannels['book.view'].response.parse(outcome.value);
    expect(view.message).toBeNull();
    expect(view.groups.map((g) => `${g.underlying} ${g.expiry === null ? 'perp' : new Date(g.expiry).toISOString().slice(0, 10)}`)).toEqual([
      'BTC perp',
      'BTC 2020-05-08',
      'BTC 2020-05-29',
      'BTC 2020-06-26',
      'ETH 2020-06-26',
    ]);
    const position = (name: string) => view.groups.flatMap((g) => g.positions).find((p) => p.instrument === name)!;

    const call = position('BTC-26JUN20-9000-C');
    expect(Math.abs(call.mark! / DERIBIT.mark - 1)).toBeLessThan(0.05);
    expect(Math.abs(call.greeks!.delta / (-200 * DERIBIT.delta) - 1)).toBeLessThan(0.03);
    expect(Math.abs(call.greeks!.vega / (-200 * DERIBIT.vega) - 1)).toBeLessThan(0.03);
    expect(Math.abs(call.greeks!.theta / (-200 * DERIBIT.theta) - 1)).toBeLessThan(0.05);
    // Inverse option: premium already in coin, so unrealized = size x (mark - entry).
    expect(call.unrealized!).toBeCloseTo(-200 * (call.mark! - 0.11), 12);
    expect(call.greeks!.netDelta).toBeCloseTo(call.greeks!.delta + 200 * call.mark!, 9);

    const perpetual = position('BTC-PERPETUAL');
    expect(perpetual.greeks!.deltaUsd).toBeCloseTo(1_000_000, 6); // an inverse perpetual's amount is USD
    expect(perpetual.greeks!.vega).toBe(0);

    expect(position('BTC-8MAY20-9000-C')).toMatchObject({ mark: null, greeks: null, unmarked: expect.stringMatching(/not a live instrument/) });
    expect(position('ETH-26JUN20-200-C')).toMatchObject({ mark: null, greeks: null, unmarked: expect.stringMatching(/no chain of ETH/) });

    for (const group of view.groups) {
      const marked = group.positions.filter((p) => p.greeks);
      expect(group.greeks.vega).toBeCloseTo(marked.reduce((sum, p) => sum + p.greeks!.vega, 0), 9);
    }
    const sum = (pick: (g: (typeof view.groups)[number]) => number) => view.groups.reduce((total, g) => total + pick(g), 0);
    expect(view.totals.deltaUsd).toBeCloseTo(sum((g) => g.greeks.deltaUsd), 6);
    expect(view.totals.vega).toBeCloseTo(sum((g) => g.greeks.vega), 6);
    // The heat map's cells hold the same book: their deltas and vegas add up to the totals.
    expect(view.cells.reduce((total, c) => total + c.deltaUsd, 0)).toBeCloseTo(view.totals.deltaUsd, 6);
    expect(view.cells.reduce((total, c) => total + c.vega, 0)).toBeCloseTo(view.totals.vega, 6);
    expect(new Set(view.cells.map((c) => c.deltaBucket)).size).toBeGreaterThan(1);
    desk.close();
  });

  it('without a market lists the positions unmarked and says why', async () => {
    const desk = createDesk({ dataDir: tempDir(), clock: new ManualClock(NOW), config: { hostMode: 'cli' } });
    await dispatch(desk.handlers, 'fills.add', { instrument: 'BTC-26JUN20-9000-C', side: 'sell', size: 2, price: 0.11 });
    const outcome = await dispatch(desk.handlers, 'book.view', {});
    expect(outcome).toMatchObject({ ok: true, value: { message: 'no live market: positions are not marked', cells: [] } });
    desk.close();
  });
});

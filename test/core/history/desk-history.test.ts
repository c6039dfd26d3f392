/**
 * Inventory snapshots through the desk on a real SQLite file and the real 2020-05-14 BTC chain:
 * one on every fill (with the fill's id, the parameters in force, the greeks the hedge advisor
 * computes and the P&L), on the cadence until the desk closes, none without a market, and the
 * review channel answering the contract's schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock, systemClock, type Clock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { hedgeForChains, hedgeMarketOfChains } from '../../../electron/core/hedge/chain-hedge';
import { parseChainFile } from '../../../electron/core/surface/chain-files';
import { invokeChannels } from '../../../shared/contract/channels';
import { parseInstrument } from '../../../shared/domain/instrument';
import { FIXTURES_DIR } from '../../support/fixtures';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2020, 4, 14, 6);
const chain = parseChainFile(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv'), 'utf8'));
const CALL = 'BTC-26JUN20-9000-C';

function openDesk(clock: Clock = new ManualClock(NOW), withMarket = true, cadenceMs = 1000) {
  return createDesk({ dataDir: tempDir(), clock, config: { hostMode: 'cli', history: { cadenceMs } }, hedgeChains: withMarket ? () => [chain] : undefined });
}

async function ok(outcome: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<unknown> {
  const result = await outcome;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('inventory snapshots through the desk', () => {
  it('takes one on every fill: its id, the parameters in force, the advisor greeks and the P&L', async () => {
    const clock = new ManualClock(NOW);
    const desk = openDesk(clock);
    const fills = [
      { instrument: CALL, side: 'buy', size: 10, price: 0.05, fee: 0.0003 },
      { instrument: 'BTC-PERPETUAL', side: 'sell', size: 20_000, price: 9_300, fee: 0.1 },
      { instrument: CALL, side: 'sell', size: 4, price: 0.07, fee: 0.0003 },
      { instrument: 'ETH-26JUN20-200-C', side: 'buy', size: 1, price: 0.1, fee: 0 }, // no ETH chain: unmarked
    ];
    const ids: number[] = [];
    for (const fill of fills) {
      clock.advance(1000);
      ids.push(((await ok(dispatch(desk.handlers, 'fills.add', fill))) as { id: number }).id);
    }
    const snapshots = desk.inventory.snapshots(0, NOW + 60_000, 100);
    expect(snapshots.map((s) => [s.time, s.fillId])).toEqual(ids.map((id, i) => [NOW + (i + 1) * 1000, id]));
    const paramsId = desk.premiumParams.current(NOW).id;
    expect(snapshots.every((s) => s.paramsId === paramsId)).toBe(true);

    // The greeks are the hedge advisor's for the same book on the same chain.
    const third = snapshots[2]!;
    const book = desk.fills.positions().filter((p) => p.instrument.startsWith('BTC'));
    const { report } = hedgeForChains([chain], desk.premiumParams.current(NOW).params, book);
    expect(third.deltaUsd).toBeCloseTo(report.total.deltaUsd, 6);
    expect(third.vega).toBeCloseTo(report.total.vega, 9);
    expect(third.gammaUsd).toBeCloseTo(report.total.gammaUsd, 9);
    expect(third.labels).toContain('vega BTC 30-90d');
    expect(third.values[third.labels.indexOf('BTC delta')]).toBeCloseTo(report.byUnderlying.find((u) => u.underlying === 'BTC')!.delta, 9);

    // P&L in USD at the perpetual's mark: 4 calls closed 0.02 BTC up each, 6 still open at the mark.
    const { markOf, market } = hedgeMarketOfChains([chain]);
    const btcUsd = markOf(parseInstrument('BTC-PERPETUAL')).forward;
    const callMark = market.options.find((o) => o.instrument.name === CALL)!.theo;
    const perpUnrealized = -20_000 * (1 / 9_300 - 1 / btcUsd); // inverse: amount x (1/entry - 1/exit), short
    expect(third.realizedUsd).toBeCloseTo(4 * 0.02 * btcUsd, 6);
    expect(third.unrealizedUsd).toBeCloseTo((6 * (callMark - 0.05) + perpUnrealized) * btcUsd, 6);
    expect(third.feesUsd).toBeCloseTo((0.0003 * 2 + 0.1) * btcUsd, 9);
    expect(third.unmarked).toBe(0);
    expect(snapshots[3]!.unmarked).toBe(1);
    desk.close();
  });

  it('answers history.inventory in the contract shape, and refuses a bad range writing nothing', async () => {
    const clock = new ManualClock(NOW);
    const desk = openDesk(clock);
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await ok(dispatch(desk.handlers, 'fills.add', { instrument: CALL, side: 'buy', size: 1, price: 0.05 }));
    }
    const answer = invokeChannels['history.inventory'].response.parse(
      await ok(dispatch(desk.handlers, 'history.inventory', { from: NOW, to: NOW + 10_000, points: 3, series: ['vega', 'paramsId'] })),
    );
    expect(answer.rawCount).toBe(5);
    expect(answer.series.map((s) => [s.name, s.t.length])).toEqual([['vega', 3], ['paramsId', 3]]);
    expect(answer.series[0]!.v[2]).toBeGreaterThan(answer.series[0]!.v[0]!); // long calls: vega grew with each
    const refused = await dispatch(desk.handlers, 'history.inventory', { from: NOW, to: NOW });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { to: 'to must be after from' } } });
    desk.close();
  });

  it('replays the book at any moment: the snapshot then, positions folded from the fills then, the last fills and the parameters', async () => {
    const clock = new ManualClock(NOW);
    const desk = openDesk(clock);
    const at = async (time: number) => invokeChannels['history.at'].response.parse(await ok(dispatch(desk.handlers, 'history.at', { time })));
    expect(await at(NOW)).toEqual({ time: NOW, inventory: null, positions: [], fills: [], params: null });
    const trades: [instrument: string, side: 'buy' | 'sell', size: number, price: number][] = [
      [CALL, 'buy', 10, 0.05],
      ['BTC-PERPETUAL', 'sell', 20_000, 9_300],
      [CALL, 'sell', 4, 0.07],
      [CALL, 'sell', 6, 0.06], // flat again
    ];
    const ids: number[] = [];
    for (const [instrument, side, size, price] of trades) {
      clock.advance(10_000);
      ids.push(((await ok(dispatch(desk.handlers, 'fills.add', { instrument, side, size, price }))) as { id: number }).id);
    }
    // Between the third and fourth fills: 6 calls and the perpetual short, as the store's own fold gives.
    const mid = await at(NOW + 35_000);
    expect(mid.positions.map((p) => [p.instrument, p.size])).toEqual([
      ['BTC-PERPETUAL', -20_000],
      ['BTC-26JUN20-9000-C', 6],
    ]);
    expect(mid.positions[1]!.realizedPnl).toBeCloseTo(4 * 0.02, 12);
    expect(mid.fills.map((f) => f.id)).toEqual(ids.slice(0, 3).reverse());
    expect(mid.inventory).toMatchObject({ time: NOW + 30_000, fillId: ids[2] });
    const stored = desk.inventory.snapshots(NOW + 30_000, NOW + 30_001, 1)[0]!;
    expect(mid.inventory!.vega).toBe(stored.vega);
    expect(mid.inventory!.exposures).toEqual(stored.labels.map((label, i) => ({ label, value: stored.values[i] })));
    expect(mid.params).toMatchObject({ id: desk.premiumParams.current(NOW).id });
    // At the last fill the calls are flat: only the perpetual is open, as the live positions say.
    const end = await at(NOW + 40_000);
    expect(end.positions).toEqual(desk.fills.positions());
    // A compacted past replays by the minute: the minute's last snapshot once the cursor passes it.
    const last = desk.inventory.snapshots(NOW + 40_000, NOW + 40_001, 1)[0]!;
    clock.advance(120_000);
    await ok(dispatch(desk.handlers, 'fills.add', { instrument: CALL, side: 'buy', size: 1, price: 0.05 }));
    expect(desk.inventory.compact(NOW + 120_000).deleted).toBe(4);
    expect((await at(NOW + 50_000)).inventory).toMatchObject({ time: NOW + 40_000, fillId: null, vega: last.vega, realizedUsd: last.realizedUsd });
    expect((await at(NOW + 35_000)).inventory).toBeNull(); // inside the minute, before its last snapshot: no state kept
    expect((await at(NOW + 35_000)).positions).toEqual(mid.positions); // fills are never compacted
    desk.close();
  });

  it('takes none without a market, and the fill is stored all the same', async () => {
    const desk = openDesk(new ManualClock(NOW), false);
    await ok(dispatch(desk.handlers, 'fills.add', { instrument: CALL, side: 'buy', size: 1, price: 0.05 }));
    expect(desk.fills.count()).toBe(1);
    expect(desk.inventory.snapshots(0, Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    desk.close();
  });

  it('snapshots on its cadence until the desk closes', async () => {
    const desk = openDesk(systemClock, true, 100);
    await ok(dispatch(desk.handlers, 'fills.add', { instrument: CALL, side: 'buy', size: 1, price: 0.05, time: NOW }));
    desk.snapshotter.start();
    await new Promise((resolve) => setTimeout(resolve, 650));
    const taken = desk.inventory.snapshots(0, Number.MAX_SAFE_INTEGER, 1000);
    expect(taken.filter((s) => s.fillId === null).length).toBeGreaterThanOrEqual(3); // about 6; a loaded machine runs late
    desk.close();
    await new Promise((resolve) => setTimeout(resolve, 300)); // a timer left running would write to a closed store and throw
  });

  it('snapshots the live simulated market: every position marked on the live surfaces', async () => {
    const desk = createDesk({ dataDir: tempDir(), clock: systemClock, config: { hostMode: 'browser', market: { venue: 'sim', seed: 3 }, history: { cadenceMs: 200 } } });
    try {
      const chains = await vi.waitFor(
        () => {
          const chains = desk.market!.chains();
          expect(chains.map((c) => c.surface !== undefined)).toEqual([true, true, true]); // the live fits, not a second one
          return chains;
        },
        { timeout: 15_000, interval: 100 },
      );
      // A near-the-money option of each chain, and BTC's perpetual.
      const held = chains.map((chain) => chain.quotes[Math.floor(chain.quotes.length / 2)]!.instrument);
      for (const instrument of [...held, 'BTC-PERPETUAL']) {
        await ok(dispatch(desk.handlers, 'fills.add', { instrument, side: 'sell', size: instrument.endsWith('PERPETUAL') ? 10_000 : 5, price: instrument.endsWith('PERPETUAL') ? 90_000 : 0.01 }));
      }
      const taken = await vi.waitFor(
        () => {
          const taken = desk.inventory.snapshots(0, Number.MAX_SAFE_INTEGER, 1000);
          expect(taken.filter((s) => s.fillId === null).length).toBeGreaterThanOrEqual(3);
          return taken;
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(taken.filter((s) => s.fillId !== null)).toHaveLength(4);
      const last = taken.at(-1)!;
      expect(last.unmarked).toBe(0);
      expect(last.vega).toBeLessThan(0); // short options
      expect(Number.isFinite(last.unrealizedUsd) && last.unrealizedUsd !== 0).toBe(true);
      expect(last.labels).toEqual(expect.arrayContaining(['delta BTC', 'vega SOL 0-7d', 'SOL volga']));
      const answer = invokeChannels['history.inventory'].response.parse(
        await ok(dispatch(desk.handlers, 'history.inventory', { from: taken[0]!.time, to: last.time + 1, points: 100, series: ['netPnl'] })),
      );
      expect(answer.rawCount).toBe(taken.filter((s) => s.time <= last.time).length);
    } finally {
      desk.close();
    }
  }, 40_000);
});

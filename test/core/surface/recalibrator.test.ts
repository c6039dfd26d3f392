/**
 * Continuous recalibration on the real 2020-05-14 chain, into a real SQLite store: what is stored
 * is what was fitted, a restart warm-starts from the store, a tick's warm fit is as good as a cold
 * one, replays rebuild the surface that was in force, and a failing write leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { openDatabase } from '../../../electron/core/store/database';
import { SurfaceStore } from '../../../electron/core/store/surface-store';
import { calibrateSlices } from '../../../electron/core/surface/calibrate';
import { expirySlices, type ChainQuote } from '../../../electron/core/surface/chain';
import { parseDeribitTickerCsv, snapshotAt } from '../../../electron/core/surface/chain-files';
import { SurfaceRecalibrator } from '../../../electron/core/surface/recalibrator';
import { VolSurface } from '../../../electron/core/surface/vol-surface';
import { FIXTURES_DIR } from '../../support/fixtures';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const chain = parseDeribitTickerCsv(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv'), 'utf8'));
const quotes = snapshotAt(chain.quotes, Infinity);
const OPTIONS = { venue: 'deribit', underlying: 'BTC', settlement: chain.settlement, source: 'bid_ask' } as const;
const clock = new ManualClock(Date.UTC(2026, 10, 25));

/** The chain a tick later: every IV up a tenth of a vol point, stamped a second later. */
function tick(rows: readonly ChainQuote[], step: number): ChainQuote[] {
  const up = (iv: number | null) => (iv === null || iv === 0 || iv >= 5 ? iv : iv + 0.001 * step);
  return rows.map((q) => ({ ...q, bidIv: up(q.bidIv), askIv: up(q.askIv), timestamp: q.timestamp + 1000 * step }));
}

function openStore() {
  const file = path.join(tempDir(), 'desk.sqlite');
  const db = openDatabase(file);
  return { db, store: new SurfaceStore(db), file };
}

describe('SurfaceRecalibrator and SurfaceStore', () => {
  it('stores every accepted calibration whole, and reads back exactly what was fitted', () => {
    const { db, store } = openStore();
    const first = new SurfaceRecalibrator(OPTIONS, clock, store).recalibrate(quotes);
    expect(first.accepted).toBe(true);
    expect(first.record.warm).toBe(false);
    const stored = store.latest('deribit', 'BTC')!;
    expect(stored.id).toBe(first.id);
    expect(stored.inputsTime).toBe(Math.max(...quotes.map((q) => q.timestamp)));
    expect(stored.slices).toEqual(first.record.slices);
    db.close();
  });

  it('warm-starts after a restart from the store, and a tick refits as well as a cold fit does', () => {
    const { db, store, file } = openStore();
    new SurfaceRecalibrator(OPTIONS, clock, store).recalibrate(quotes);
    db.close();
    const reopened = new SurfaceStore(openDatabase(file));
    const restarted = new SurfaceRecalibrator(OPTIONS, clock, reopened);
    expect(restarted.surface).not.toBeNull();
    const ticked = tick(quotes, 1);
    const warm = restarted.recalibrate(ticked).record;
    expect(warm.warm).toBe(true);
    const cold = calibrateSlices(expirySlices(ticked, chain.settlement, 'bid_ask'));
    warm.slices.forEach((slice, i) => {
      expect(slice.arbitrage).toEqual({ butterfly: false, calendar: false });
      // A warm search from nearby parameters lands on the cold fit's quality: the same share
      // inside bid/ask, RMSE within 0.02 vol point (0.01 measured on both 2020 fixtures).
      expect(slice.withinBidAsk).toBe(cold[i]!.withinBidAsk);
      expect(Math.abs(slice.rmseVolPts! - cold[i]!.rmseVolPts!)).toBeLessThan(0.02);
    });
    expect(reopened.history('deribit', 'BTC', 0, Number.MAX_SAFE_INTEGER).map((c) => c.warm)).toEqual([false, true]);
  });

  it("keeps each chain's calibrations apart: another settlement of the coin starts from its own, not the other's", () => {
    const { db, store, file } = openStore();
    const usdc = { ...OPTIONS, venue: 'bybit', settlement: 'linear' } as const;
    const usdt = { ...usdc, settlement: 'linear_usdt' } as const;
    new SurfaceRecalibrator(usdc, clock, store).recalibrate(quotes);
    expect(new SurfaceRecalibrator(usdt, clock, store).surface).toBeNull();
    const usdtFit = new SurfaceRecalibrator(usdt, clock, store).recalibrate(tick(quotes, 1));
    db.close();
    const reopened = new SurfaceStore(openDatabase(file));
    expect(reopened.latest('bybit', 'BTC', Number.MAX_SAFE_INTEGER, 'linear')!.settlement).toBe('linear');
    expect(reopened.latest('bybit', 'BTC', Number.MAX_SAFE_INTEGER, 'linear_usdt')!.id).toBe(usdtFit.id);
    expect(reopened.latest('bybit', 'BTC')!.id).toBe(usdtFit.id); // any chain: the latest
    expect(reopened.latest('bybit', 'BTC', Number.MAX_SAFE_INTEGER, 'inverse')).toBeNull();
  });

  it('replays: the calibration in force at a time rebuilds the surface the engine had then', () => {
    const { db, store } = openStore();
    const recalibrator = new SurfaceRecalibrator(OPTIONS, clock, store);
    const live = [0, 1, 2].map((step) => recalibrator.recalibrate(tick(quotes, step)));
    const middle = live[1]!.record;
    const replayed = store.latest('deribit', 'BTC', middle.inputsTime + 500)!;
    expect(replayed.id).toBe(live[1]!.id);
    const then = VolSurface.of(replayed.slices)!;
    for (const slice of live[1]!.surface!.slices) {
      for (const K of [7000, 9000, 11000]) expect(then.vol(K, slice.T)).toBe(live[1]!.surface!.vol(K, slice.T));
    }
    expect(store.latest('deribit', 'BTC', middle.inputsTime - 1_000_000_000)).toBeNull();
    expect(store.latest('deribit', 'ETH')).toBeNull();
    db.close();
  });

  it('accepts nothing from a chain with no usable quote, and keeps the surface it had', () => {
    const { db, store } = openStore();
    const recalibrator = new SurfaceRecalibrator(OPTIONS, clock, store);
    const before = recalibrator.recalibrate(quotes).surface;
    const empty = quotes.map((q) => ({ ...q, bidIv: 0, timestamp: q.timestamp + 5000 }));
    const outcome = recalibrator.recalibrate(empty);
    expect(outcome.accepted).toBe(false);
    expect(outcome.id).toBeNull();
    expect(recalibrator.surface).toBe(before);
    expect(store.history('deribit', 'BTC', 0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    db.close();
  });

  it('writes a calibration all or nothing: a slice the schema refuses leaves no row behind', () => {
    const { db, store } = openStore();
    const { record } = new SurfaceRecalibrator(OPTIONS, clock).recalibrate(quotes);
    const twice = { ...record, slices: [...record.slices, record.slices[0]!] }; // same expiry twice
    expect(() => store.record(twice)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.prepare('SELECT count(*) AS n FROM surface_calibrations').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM surface_slices').get()).toEqual({ n: 0 });
    db.close();
  });
});

/**
 * Inventory history (issue 10):
 *   history_30d_ms          30 days of 1 s snapshots (2,592,000 rows, rolled up into 43,200
 *                           minutes as they closed) queried into 2,000 points per series, all
 *                           11 series (issue 10's target: 200 ms);
 *   history_30d_one_series_ms  the same month, one series (a chart draws a few);
 *   history_day_query_ms    one day into 2,000 points: a chart point under a minute, so the
 *                           1 s rows themselves (86,400) are read and downsampled;
 *   snapshot_ms             one snapshot as the desk takes it each second on the embedded
 *                           simulator's full market: every listed option and perpetual held
 *                           (about 2,100 positions), marked on the live surfaces, greeks, P&L,
 *                           stored with its detail.
 * The month is written by SQL (a recursive CTE) for speed of setup, then rolled up by the store;
 * its detail rows are left out, the query never reads them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../electron/core/clock';
import { inventoryHistory } from '../../electron/core/history/inventory-history';
import { snapshotOnChains } from '../../electron/core/history/inventory-snapshot';
import { MarketSession, openedVenue } from '../../electron/core/market/session';
import { SimVenue } from '../../electron/core/market/sim/venue';
import { openDatabase } from '../../electron/core/store/database';
import { FillStore } from '../../electron/core/store/fill-store';
import { InventoryStore } from '../../electron/core/store/inventory-store';
import { PremiumParamsStore } from '../../electron/core/store/premium-params-store';
import { timed, type BenchSuite, type Timing } from '../measure';

const START = Date.UTC(2026, 0, 14, 12);
const MONTH_S = 30 * 86_400;
const DAY_MS = 86_400_000;

function monthOfSnapshots(file: string): InventoryStore {
  const db = openDatabase(file);
  const paramsId = new PremiumParamsStore(db).current(START).id;
  db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${MONTH_S - 1})
    INSERT INTO inventory_snapshots
    SELECT ${START} + i * 1000, NULL, ${paramsId}, 1e5 * sin(i / 3600.0), 2e3 + i % 97, -4e4 + i % 1013, -900, 12, 3,
           i * 0.01, 5e3 * cos(i / 7200.0), i * 0.001, 0
    FROM n`);
  const store = new InventoryStore(db);
  // The next snapshot closes every minute of the month: the store rolls them up as it would have.
  store.save({ ...blank(paramsId), time: START + MONTH_S * 1000 });
  return store;
}

function blank(paramsId: number) {
  return { time: 0, fillId: null, paramsId, deltaUsd: 0, gammaUsd: 0, vega: 0, theta: 0, vanna: 0, volga: 0, realizedUsd: 0, unrealizedUsd: 0, feesUsd: 0, unmarked: 0, labels: [], values: new Float64Array(0) };
}

async function snapshotTiming(dir: string): Promise<Timing & { positions: number }> {
  const clock = new ManualClock(START);
  const venue = new SimVenue({ seed: 1, start: START });
  const session = new MarketSession(openedVenue(venue, 'sim · seed 1'), { clock, store: null });
  await session.start();
  for (let second = 0; second < 3; second++) {
    venue.advance(1_000);
    clock.advance(1_000);
    session.tick();
  }
  const chains = session.chains();
  await session.close();
  const db = openDatabase(path.join(dir, 'snapshot.sqlite'));
  const fills = new FillStore(db);
  const names = [...chains.flatMap((chain) => chain.quotes.map((quote) => quote.instrument)), 'BTC-PERPETUAL', 'ETH-PERPETUAL', 'SOL_USDC-PERPETUAL'];
  fills.ingest(
    names.map((instrument, i) => ({
      instrument,
      side: i % 2 ? 'buy' : 'sell',
      size: instrument.includes('PERPETUAL') ? 10_000 : 1 + (i % 5),
      price: instrument.includes('PERPETUAL') ? 90_000 : 0.01,
      fee: 0,
      time: START,
      venue: 'bench',
      source: 'import',
    })),
    START,
  );
  const params = new PremiumParamsStore(db).current(START);
  const inventory = new InventoryStore(db);
  let time = clock.now();
  const timing = timed(() => inventory.save(snapshotOnChains(chains, { time: (time += 1000), fillId: null, params, positions: fills.allPositions() })), 21, 3);
  db.close();
  return { ...timing, positions: names.length };
}

export const historySuite: BenchSuite = {
  name: 'history',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-history-'));
    try {
      const store = monthOfSnapshots(path.join(dir, 'month.sqlite'));
      const month = timed(() => inventoryHistory(store, { from: START, to: START + MONTH_S * 1000, points: 2000 }), 9, 2);
      const monthOne = timed(() => inventoryHistory(store, { from: START, to: START + MONTH_S * 1000, points: 2000, series: ['netPnl'] }), 9, 2);
      const day = timed(() => inventoryHistory(store, { from: START + 10 * DAY_MS, to: START + 11 * DAY_MS, points: 2000 }), 9, 2);
      const snapshot = await snapshotTiming(dir);
      return {
        history_30d_ms: Number(month.wallMs.toFixed(1)),
        history_30d_cpu_ms: Number(month.cpuMs.toFixed(1)),
        history_30d_one_series_ms: Number(monthOne.wallMs.toFixed(1)),
        history_day_query_ms: Number(day.wallMs.toFixed(1)),
        history_day_query_cpu_ms: Number(day.cpuMs.toFixed(1)),
        snapshot_ms: Number(snapshot.wallMs.toFixed(2)),
        snapshot_cpu_ms: Number(snapshot.cpuMs.toFixed(2)),
        snapshot_positions: snapshot.positions,
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

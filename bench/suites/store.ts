/**
 * The position store: fill ingestion and the rebuild of positions from fills, at the desk's
 * everyday size (20k) and at issue 10's targets (1M fills: ingest under 5 s, rebuild under 1 s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/core/store/database';
import { FillStore, type FillToStore } from '../../electron/core/store/fill-store';
import { timed, type BenchSuite, type Timing } from '../measure';

const FILLS = 20_000;
const MILLION = 1_000_000;

function syntheticFills(count: number): FillToStore[] {
  const strikes = [50000, 55000, 60000, 65000, 70000];
  const instruments = strikes.flatMap((strike) => [`BTC-27DEC24-${strike}-P`, `BTC-27DEC24-${strike}-C`]);
  return Array.from({ length: count }, (_, i) => ({
    instrument: instruments[i % instruments.length]!,
    side: i % 3 ? 'buy' : 'sell',
    size: 0.1 * (1 + (i % 7)),
    price: 0.01 + (i % 13) * 0.001,
    fee: 0.0003,
    time: 1_700_000_000_000 + i,
    venue: 'bench',
    source: 'import',
  }));
}

/**
 * Ingest `fills` into fresh stores, then rebuild positions in the first of them and add fills older
 * than their position's last one there (each replays its instrument: one scan of the fills).
 */
function ingestAndRebuild(dir: string, fills: readonly FillToStore[], runs: number): { ingest: Timing; rebuild: Timing; backdated: Timing } {
  let round = 0;
  const ingest = timed(
    () => {
      const db = openDatabase(path.join(dir, `ingest-${fills.length}-${round++}.sqlite`));
      new FillStore(db).ingest(fills, Date.now());
      db.close();
    },
    runs,
    0,
  );
  const db = openDatabase(path.join(dir, `ingest-${fills.length}-0.sqlite`));
  const store = new FillStore(db);
  const rebuild = timed(() => store.rebuildPositions(), 5, 1);
  const backdated = timed(() => store.add({ ...fills[0]!, time: fills[0]!.time - 1 }, Date.now()), 5, 1);
  db.close();
  return { ingest, rebuild, backdated };
}

export const storeSuite: BenchSuite = {
  name: 'store',
  run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
    try {
      const everyday = ingestAndRebuild(dir, syntheticFills(FILLS), 5);
      const million = ingestAndRebuild(dir, syntheticFills(MILLION), 3);
      return {
        fills_batch_per_s: Math.round(FILLS / (everyday.ingest.wallMs / 1000)),
        positions_rebuild_20k_ms: Number(everyday.rebuild.wallMs.toFixed(2)),
        fills_ingest_1m_s: Number((million.ingest.wallMs / 1000).toFixed(2)),
        fills_ingest_1m_cpu_s: Number((million.ingest.cpuMs / 1000).toFixed(2)),
        positions_rebuild_1m_ms: Number(million.rebuild.wallMs.toFixed(1)),
        positions_rebuild_1m_cpu_ms: Number(million.rebuild.cpuMs.toFixed(1)),
        fill_backdated_1m_ms: Number(million.backdated.wallMs.toFixed(1)),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

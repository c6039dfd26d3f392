/** The position store: fill ingestion and the rebuild of positions from fills. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/core/store/database';
import { FillStore, type FillToStore } from '../../electron/core/store/fill-store';
import { medianMs, type BenchSuite } from '../measure';

const FILLS = 20_000;

function syntheticFills(count: number): FillToStore[] {
  const strikes = [50000, 55000, 60000, 65000, 70000];
  return Array.from({ length: count }, (_, i) => ({
    instrument: `BTC-27DEC24-${strikes[i % strikes.length]}-${i % 2 ? 'C' : 'P'}`,
    side: i % 3 ? 'buy' : 'sell',
    size: 0.1 * (1 + (i % 7)),
    price: 0.01 + (i % 13) * 0.001,
    fee: 0.0003,
    time: 1_700_000_000_000 + i,
    venue: 'bench',
    source: 'import',
  }));
}

export const storeSuite: BenchSuite = {
  name: 'store',
  run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
    try {
      const fills = syntheticFills(FILLS);
      let round = 0;
      const batchMs = medianMs(
        () => {
          const db = openDatabase(path.join(dir, `batch-${round++}.sqlite`));
          new FillStore(db).addAll(fills, Date.now());
          db.close();
        },
        5,
        1,
      );
      const db = openDatabase(path.join(dir, 'rebuild.sqlite'));
      const store = new FillStore(db);
      store.addAll(fills, Date.now());
      const rebuildMs = medianMs(() => store.rebuildPositions(), 5, 1);
      db.close();
      return {
        fills_batch_per_s: Math.round(FILLS / (batchMs / 1000)),
        positions_rebuild_20k_ms: Number(rebuildMs.toFixed(2)),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

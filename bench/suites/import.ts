/**
 * Fill import (issue 7, part 5): a Deribit transaction log of 100,000 trades read, validated line
 * by line and stored in one transaction into a fresh store (target: under 2 s), and the same file
 * again into that store (every line a duplicate, nothing written).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBatch, readFillFile } from '../../electron/core/fills/fill-import';
import { openDatabase } from '../../electron/core/store/database';
import { FillStore } from '../../electron/core/store/fill-store';
import { HEADER, row } from '../../test/support/trade-logs';
import { timed, type BenchSuite } from '../measure';

const TRADES = 100_000;

/** Newest first, as Deribit lists them: options on ten strikes, inverse and USDC-linear, and the perpetual. */
function tradeLog(count: number): string {
  const instruments = [50000, 55000, 60000, 65000, 70000].flatMap((strike) => [`BTC-27DEC24-${strike}-C`, `BTC_USDC-27DEC24-${strike}-P`]);
  instruments.push('BTC-PERPETUAL');
  const lines = [HEADER];
  const t0 = Date.UTC(2024, 9, 1);
  for (let i = count - 1; i >= 0; i--) {
    const instrument = instruments[i % instruments.length]!;
    const date = new Date(t0 + i * 1000).toISOString().replace('T', ' ').slice(0, 19);
    const price = instrument.endsWith('PERPETUAL') ? '65000' : instrument.includes('_USDC') ? String(100 + (i % 50)) : (0.01 + (i % 13) * 0.0005).toFixed(4);
    lines.push(row({ id: i, seq: i, date, instrument, side: i % 3 ? 'open buy' : 'close sell', amount: instrument.endsWith('PERPETUAL') ? '100' : '0.5', price, fee: '0.0001', trade: String(1e8 + i) }));
  }
  return lines.join('\n');
}

export const importSuite: BenchSuite = {
  name: 'import',
  run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-import-'));
    try {
      const csv = tradeLog(TRADES);
      let round = 0;
      const fresh = timed(
        () => {
          const db = openDatabase(path.join(dir, `import-${round++}.sqlite`));
          const summary = importBatch(new FillStore(db), readFillFile(db, 'deribit', csv, 'bench.csv'), Date.now());
          db.close();
          if (summary.added !== TRADES) throw new Error(`imported ${summary.added} of ${TRADES}`);
        },
        3,
        0,
      );
      const db = openDatabase(path.join(dir, 'import-0.sqlite'));
      const again = timed(() => importBatch(new FillStore(db), readFillFile(db, 'deribit', csv, 'bench.csv'), Date.now()), 3, 0);
      db.close();
      return {
        import_100k_ms: Math.round(fresh.wallMs),
        import_100k_cpu_ms: Math.round(fresh.cpuMs),
        reimport_100k_ms: Math.round(again.wallMs),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

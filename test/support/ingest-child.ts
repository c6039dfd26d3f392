/**
 * The victim of the crash test: ingests fills through FillStore as fast as it can and prints
 * `ack <venueTradeId>` only after each commit has returned, until it is killed. Singles and
 * small all-or-nothing batches alternate, so a kill can land inside either kind of transaction.
 *   node --import tsx test/support/ingest-child.ts <database file> <trade id prefix>
 */
import fs from 'node:fs';
import { openDatabase } from '../../electron/core/store/database';
import { FillStore, type FillToStore } from '../../electron/core/store/fill-store';

const [file, prefix] = process.argv.slice(2);
if (!file || !prefix) throw new Error('usage: ingest-child <database file> <trade id prefix>');

const store = new FillStore(openDatabase(file));
const INSTRUMENTS = ['BTC-27DEC24-60000-C', 'BTC-27DEC24-50000-P', 'ETH-27DEC24-3000-C', 'BTC-PERPETUAL'];

const fill = (n: number): FillToStore => ({
  instrument: INSTRUMENTS[n % INSTRUMENTS.length]!,
  side: n % 3 ? 'buy' : 'sell',
  size: 1 + (n % 5),
  price: 0.01 + (n % 11) * 0.001,
  fee: 0.0003,
  time: 1_700_000_000_000 + n,
  venue: 'crash-test',
  source: 'import',
  venueTradeId: `${prefix}-${n}`,
});

// Written with writeSync to the pipe: an ack is out of this process before the next fill starts.
const ack = (ids: string[]) => fs.writeSync(1, ids.map((id) => `ack ${id}\n`).join(''));

for (let n = 0; ; ) {
  if (n % 50 < 40) {
    const stored = store.add(fill(n++), Date.now());
    ack([stored.fill.venueTradeId!]);
  } else {
    const batch = Array.from({ length: 5 }, () => fill(n++));
    ack(store.addAll(batch, Date.now()).map((stored) => stored.venueTradeId!));
  }
}

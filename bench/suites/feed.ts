/**
 * The feed's hot path, in-process: Deribit book-change notifications (as ccxt hands their parsed
 * `data` to the adapter) normalized to book events, checked by feed health (sequence, finiteness,
 * crossing) and applied to the market state's books. A chain of 320 options with ten levels a side,
 * 1-3 level changes per update, chained change ids; fresh state each run, snapshots included.
 * JSON parsing and the socket are ccxt's and the kernel's, not measured here.
 */
import { systemClock } from '../../electron/core/clock';
import { normalizeBook } from '../../electron/core/market/deribit/normalize';
import { FeedHealth } from '../../electron/core/market/feed-health';
import { MarketState } from '../../electron/core/market/market-state';
import { medianMs, type BenchSuite } from '../measure';

const INSTRUMENTS = 320;
const UPDATES = 200_000;
const LEVELS = 10;
const TICK = 0.0005;

type Entry = ['new' | 'change' | 'delete', number, number];
interface BookData {
  type: 'snapshot' | 'change';
  timestamp: number;
  instrument_name: string;
  change_id: number;
  prev_change_id?: number;
  bids: Entry[];
  asks: Entry[];
}

/** Park-Miller, so every run and every machine replays the same updates. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

function deribitUpdates(): { snapshots: BookData[]; changes: BookData[] } {
  const random = lcg(20200521);
  const names = Array.from({ length: INSTRUMENTS }, (_, i) => `BTC-29MAY20-${5000 + 500 * (i >> 1)}-${i % 2 ? 'P' : 'C'}`);
  const bestBid = names.map((_, i) => 0.01 + (i % 40) * TICK);
  const changeId = names.map((_, i) => 1_000_000 * (i + 1));
  const time = Date.UTC(2020, 4, 21, 12);
  const snapshots = names.map(
    (name, i): BookData => ({
      type: 'snapshot',
      timestamp: time,
      instrument_name: name,
      change_id: changeId[i]!,
      bids: Array.from({ length: LEVELS }, (_, j): Entry => ['new', bestBid[i]! - j * TICK, 1 + j]),
      asks: Array.from({ length: LEVELS }, (_, j): Entry => ['new', bestBid[i]! + (2 + j) * TICK, 1 + j]),
    }),
  );
  const changes: BookData[] = [];
  for (let n = 0; n < UPDATES; n++) {
    const i = Math.floor(random() * INSTRUMENTS);
    const entries = (side: 1 | -1): Entry[] => {
      const count = Math.floor(random() * 2);
      return Array.from({ length: count }, (): Entry => {
        const j = Math.floor(random() * LEVELS);
        const price = side < 0 ? bestBid[i]! - j * TICK : bestBid[i]! + (2 + j) * TICK;
        return random() < 0.2 ? ['delete', price, 0] : ['change', price, Math.round(random() * 100) / 10 + 0.1];
      });
    };
    const bids = entries(-1);
    const asks = entries(1);
    if (bids.length + asks.length === 0) bids.push(['change', bestBid[i]!, 5]);
    changes.push({ type: 'change', timestamp: time + n, instrument_name: names[i]!, prev_change_id: changeId[i]!, change_id: ++changeId[i]!, bids, asks });
  }
  return { snapshots, changes };
}

export const feedSuite: BenchSuite = {
  name: 'feed',
  run() {
    const { snapshots, changes } = deribitUpdates();
    let rejected = 0;
    const ms = medianMs(() => {
      const health = new FeedHealth(new MarketState(), { clock: systemClock });
      for (const data of snapshots) health.ingest(normalizeBook('deribit', data)!);
      for (let n = 0; n < changes.length; n++) {
        if (health.ingest(normalizeBook('deribit', changes[n])!)) rejected++;
      }
    });
    if (rejected) throw new Error(`feed bench: ${rejected} updates rejected; the generated stream is meant to be sound`);
    return { feed_events_per_s: Math.round(UPDATES / (ms / 1000)) };
  },
};

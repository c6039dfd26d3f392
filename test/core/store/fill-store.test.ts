import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { DuplicateFillError, FillStore, type FillToStore } from '../../../electron/core/store/fill-store';
import { applyFill } from '../../../electron/core/store/position-accounting';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2024, 10, 1);

function fill(overrides: Partial<FillToStore>): FillToStore {
  return {
    instrument: 'BTC-27DEC24-60000-C',
    side: 'buy',
    size: 1,
    price: 0.05,
    fee: 0,
    time: T0,
    venue: 'manual',
    source: 'manual',
    ...overrides,
  };
}

function openStore(file = path.join(tempDir(), 'desk.sqlite')) {
  const db = openDatabase(file);
  return { db, store: new FillStore(db), file };
}

/** A tiny seeded generator, so the property runs are reproducible. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('position accounting (hand-worked)', () => {
  it('averages entries, realizes on reduction in the price currency, and flips at the fill price', () => {
    let position = applyFill(null, fill({ size: 2, price: 0.04 }));
    position = applyFill(position, fill({ size: 1, price: 0.07 }));
    expect(position.size).toBe(3);
    expect(position.avgPrice).toBeCloseTo(0.05, 15); // (2 x 0.04 + 1 x 0.07) / 3

    position = applyFill(position, fill({ side: 'sell', size: 1, price: 0.06 }));
    expect(position.size).toBe(2);
    expect(position.avgPrice).toBeCloseTo(0.05, 15);
    expect(position.realizedPnl).toBeCloseTo(0.01, 15); // 1 x (0.06 - 0.05) coin: inverse option P&L is qty x (exit - entry)

    position = applyFill(position, fill({ side: 'sell', size: 5, price: 0.03, fee: 0.0009 }));
    expect(position.size).toBe(-3);
    expect(position.avgPrice).toBe(0.03); // the short remainder opened at this fill
    expect(position.realizedPnl).toBeCloseTo(0.01 + 2 * (0.03 - 0.05), 15);
    expect(position.fees).toBeCloseTo(0.0009, 15);
    expect(position.currency).toBe('BTC');

    position = applyFill(position, fill({ side: 'buy', size: 3, price: 0.01 }));
    expect(position.size).toBe(0);
    expect(position.realizedPnl).toBeCloseTo(-0.03 + 3 * (0.03 - 0.01), 15); // short profits as the price falls
  });

  it('snaps float dust to flat', () => {
    let position = applyFill(null, fill({ size: 0.1 }));
    position = applyFill(position, fill({ size: 0.2 }));
    position = applyFill(position, fill({ side: 'sell', size: 0.3 }));
    expect(position.size).toBe(0);
  });

  it('keeps linear options in USDC', () => {
    const position = applyFill(null, fill({ instrument: 'SOL_USDC-29MAY26-150-P', price: 12.5 }));
    expect(position.currency).toBe('USDC');
  });
});

describe('the fill store on a real SQLite file', () => {
  it('round-trips a fill and its position across a reopen', () => {
    const { db, store, file } = openStore();
    const { fill: stored, position } = store.add(fill({ size: 2, price: 0.0425, fee: 0.0006, venueTradeId: 'T-1', venue: 'deribit', note: 'client RFQ' }), T0 + 5);
    expect(stored).toEqual({
      id: 1,
      instrument: 'BTC-27DEC24-60000-C',
      side: 'buy',
      size: 2,
      price: 0.0425,
      fee: 0.0006,
      time: T0,
      venue: 'deribit',
      source: 'manual',
      venueTradeId: 'T-1',
      note: 'client RFQ',
      recordedAt: T0 + 5,
    });
    expect(position).toMatchObject({ size: 2, avgPrice: 0.0425, fees: 0.0006 });
    db.close();

    const reopened = openStore(file);
    expect(reopened.store.list(10)).toEqual([stored]);
    expect(reopened.store.positions()).toEqual([position]);
    reopened.db.close();
  });

  it('refuses a duplicate venue trade id and writes nothing for it', () => {
    const { db, store } = openStore();
    store.add(fill({ venue: 'deribit', venueTradeId: 'T-7' }), T0);
    expect(() => store.add(fill({ venue: 'deribit', venueTradeId: 'T-7', size: 9 }), T0)).toThrow(DuplicateFillError);
    expect(store.count()).toBe(1);
    expect(store.position('BTC-27DEC24-60000-C')!.size).toBe(1);
    store.add(fill({ venue: 'okx', venueTradeId: 'T-7' }), T0); // same id at another venue is another trade
    expect(store.count()).toBe(2);
    db.close();
  });

  it('stores a batch all or nothing', () => {
    const { db, store } = openStore();
    const batch = [fill({ venueTradeId: 'a' }), fill({ venueTradeId: 'b' }), fill({ venueTradeId: 'a' })];
    expect(() => store.addAll(batch, T0)).toThrow(DuplicateFillError);
    expect(store.count()).toBe(0);
    expect(store.positions()).toEqual([]);
    db.close();
  });

  it('rejects at the schema what validation must never let through', () => {
    const { db, store } = openStore();
    expect(() => store.add(fill({ size: -1 }), T0)).toThrow(/CHECK constraint/);
    expect(() => store.add(fill({ price: -0.01 }), T0)).toThrow(/CHECK constraint/);
    expect(store.count()).toBe(0);
    db.close();
  });

  it('derives the same positions incrementally as by a rebuild, whatever order fills arrive in', () => {
    const random = mulberry32(42);
    const instruments = ['BTC-27DEC24-60000-C', 'BTC-27DEC24-50000-P', 'ETH-27DEC24-3000-C', 'SOL_USDC-29MAY26-150-P', 'BTC-PERPETUAL'];
    const { db, store } = openStore();
    for (let i = 0; i < 600; i++) {
      store.add(
        fill({
          instrument: instruments[Math.floor(random() * instruments.length)]!,
          side: random() < 0.5 ? 'buy' : 'sell',
          size: Math.round(random() * 50) / 10 + 0.1,
          price: Math.round(random() * 1000) / 10000,
          fee: 0.0001,
          time: T0 + Math.floor(random() * 100_000), // out of order on purpose
        }),
        T0,
      );
    }
    const incremental = store.positions();
    const all = db.prepare('SELECT * FROM positions ORDER BY instrument').all();
    expect(store.rebuildPositions()).toBe(instruments.length);
    expect(store.positions()).toEqual(incremental);
    expect(db.prepare('SELECT * FROM positions ORDER BY instrument').all()).toEqual(all);
    db.close();
  });

  it('ingests batches forward and out of order to the same positions as a replay in time order', () => {
    const random = mulberry32(7);
    const instruments = ['BTC-27DEC24-60000-C', 'ETH-27DEC24-3000-C', 'BTC-PERPETUAL'];
    const { db, store } = openStore();
    const all: FillToStore[] = [];
    const batch = (count: number, from: number, spread: number) =>
      Array.from({ length: count }, (_, i) =>
        fill({
          instrument: instruments[i % instruments.length]!,
          side: random() < 0.5 ? 'buy' : 'sell',
          size: Math.round(random() * 30) / 10 + 0.1,
          price: Math.round(random() * 1000) / 10000,
          fee: 0.0001,
          time: from + i * 10 + Math.floor(random() * spread),
        }),
      );
    for (const [count, from, spread] of [[300, T0, 0], [200, T0 + 5000, 0], [100, T0 + 100, 3000], [50, T0 + 20_000, 0]] as const) {
      const fills = batch(count, from, spread);
      const { firstId, count: stored } = store.ingest(fills, T0);
      expect(stored).toBe(count);
      expect(firstId).toBe(all.length + 1);
      all.push(...fills);
      // A rebuild agrees after every batch: by the one-scan fold while storage order is time order, by replay after.
      const ingested = store.positions();
      store.rebuildPositions();
      expect(store.positions()).toEqual(ingested);
    }
    // The reference: every fill through applyFill, one instrument at a time in (time, id) order.
    const reference = new Map<string, ReturnType<typeof applyFill>>();
    all
      .map((f, id) => ({ ...f, id }))
      .sort((a, b) => a.time - b.time || a.id - b.id)
      .forEach((f) => reference.set(f.instrument, applyFill(reference.get(f.instrument) ?? null, f)));
    const expected = [...reference.values()].filter((p) => p.size !== 0);
    const byInstrument = (positions: { instrument: string }[]) => [...positions].sort((a, b) => a.instrument.localeCompare(b.instrument));
    expect(byInstrument(store.positions())).toEqual(byInstrument(expected));
    store.rebuildPositions();
    expect(byInstrument(store.positions())).toEqual(byInstrument(expected));
    db.close();
  });

  it('lists open positions by underlying, expiry and strike', () => {
    const { db, store } = openStore();
    for (const instrument of ['BTC-27DEC24-70000-C', 'BTC-27DEC24-9000-P', 'BTC-PERPETUAL', 'ETH-27DEC24-3000-C']) store.add(fill({ instrument }), T0);
    store.add(fill({ instrument: 'BTC-27DEC24-9000-P', side: 'sell' }), T0 + 1); // closed: not listed
    expect(store.positions().map((position) => position.instrument)).toEqual(['BTC-PERPETUAL', 'BTC-27DEC24-70000-C', 'ETH-27DEC24-3000-C']);
    db.close();
  });
});

describe('fills by time range', () => {
  it('lists the fills of [from, to), newest first, at most limit', () => {
    const { db, store } = openStore();
    for (let i = 0; i < 10; i++) store.add(fill({ time: T0 + i * 60_000, size: i + 1 }), T0 + i * 60_000);
    const inRange = store.list(100, T0 + 2 * 60_000, T0 + 5 * 60_000);
    expect(inRange.map((f) => f.size)).toEqual([5, 4, 3]); // minutes 2, 3, 4: the end is exclusive
    expect(store.list(2, T0 + 2 * 60_000, T0 + 5 * 60_000).map((f) => f.size)).toEqual([5, 4]);
    expect(store.list(3).map((f) => f.size)).toEqual([10, 9, 8]);
    db.close();
  });
});

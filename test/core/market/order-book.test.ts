/**
 * The order book against the plainest reference (a Map of levels, sorted on read) over random
 * update sequences; and the backoff schedule's bounds.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../electron/core/market/backoff';
import type { Level } from '../../../electron/core/market/events';
import { OrderBook } from '../../../electron/core/market/order-book';

/** Park-Miller: a seeded uniform source, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

function reference(levels: Map<number, number>, descending: boolean): Level[] {
  return [...levels].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
}

describe('order book', () => {
  it('matches a map of levels after random sets and removals', () => {
    for (const seed of [1, 7, 42]) {
      const random = lcg(seed);
      const book = new OrderBook();
      const bids = new Map<number, number>();
      const asks = new Map<number, number>();
      for (let step = 0; step < 3000; step++) {
        const price = Math.round(random() * 40) * 0.0005;
        const amount = random() < 0.3 ? 0 : Math.round(random() * 100) / 10;
        const side = random() < 0.5 ? bids : asks;
        if (amount === 0) side.delete(price);
        else side.set(price, amount);
        if (side === bids) book.apply([[price, amount]], []);
        else book.apply([], [[price, amount]]);
        if (step % 100 === 0) {
          expect(book.bids.levels()).toEqual(reference(bids, true));
          expect(book.asks.levels()).toEqual(reference(asks, false));
        }
      }
      expect(book.bids.best()).toBe(bids.size ? Math.max(...bids.keys()) : NaN);
      expect(book.asks.best()).toBe(asks.size ? Math.min(...asks.keys()) : NaN);
      expect(book.crossed()).toBe(bids.size > 0 && asks.size > 0 && Math.max(...bids.keys()) >= Math.min(...asks.keys()));
    }
  });

  it('removing an absent level changes nothing; depth limits the copy', () => {
    const book = new OrderBook();
    book.apply([[0.02, 1], [0.019, 2], [0.021, 3]], [[0.025, 1]]);
    book.apply([[0.0195, 0]], []);
    expect(book.bids.levels()).toEqual([[0.021, 3], [0.02, 1], [0.019, 2]]);
    expect(book.bids.levels(2)).toEqual([[0.021, 3], [0.02, 1]]);
    // A copy into the same array again: shorter, then longer, its pairs the same objects rewritten.
    const copy = book.bids.levelsInto([], 10);
    const first = copy[0];
    book.apply([[0.021, 0], [0.019, 0]], []);
    expect(book.bids.levelsInto(copy, 10)).toEqual([[0.02, 1]]);
    book.apply([[0.03, 4], [0.01, 5]], []);
    expect([book.bids.levelsInto(copy, 10), copy[0] === first]).toEqual([[[0.03, 4], [0.02, 1], [0.01, 5]], true]);
    expect(book.bids.levelsInto(copy, 2)).toEqual([[0.03, 4], [0.02, 1]]);
  });
});

describe('backoff', () => {
  it('doubles from the base up to the cap, with the jitter in the upper half', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(policy, n, () => 0.999999))).toEqual(
      [100, 200, 400, 800, 1000, 1000].map((ceiling) => expect.closeTo(ceiling, 3)),
    );
    expect(backoffDelay(policy, 1e6, () => 0.5)).toBe(750);
  });
});

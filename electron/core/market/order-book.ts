/**
 * An instrument's order book as the desk keeps it: price levels per side, best first. Levels live
 * in parallel Float64Arrays kept sorted, so applying an update is a binary search and a shift, with
 * no allocation once a side has reached its usual depth, a snapshot's clear included (feeds and
 * replays deliver hundreds of thousands of updates a second into these).
 */
import { resizeLevels, type Level } from './events';

export class BookSide {
  /** sign x price, ascending: the best level is at 0 for both sides; room beyond `count` is kept for later levels. */
  private keys = new Float64Array(16);
  private amounts = new Float64Array(16);
  private count = 0;

  /** -1 for bids (highest first), +1 for asks (lowest first). */
  constructor(private readonly sign: 1 | -1) {}

  get depth(): number {
    return this.count;
  }

  price(index: number): number {
    return this.sign * this.keys[index]!;
  }

  amount(index: number): number {
    return this.amounts[index]!;
  }

  /** The best price, NaN when the side is empty. */
  best(): number {
    return this.count ? this.sign * this.keys[0]! : NaN;
  }

  clear(): void {
    this.count = 0;
  }

  /** Set a level's amount; 0 removes the level. */
  set(price: number, amount: number): void {
    const { keys, amounts, count } = this;
    const key = this.sign * price;
    // A snapshot's levels come best first: each goes after the last without a search.
    let low = count > 0 && keys[count - 1]! < key ? count : 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    const found = low < count && keys[low] === key;
    if (amount === 0) {
      if (!found) return;
      for (let i = low; i < count - 1; i++) {
        keys[i] = keys[i + 1]!;
        amounts[i] = amounts[i + 1]!;
      }
      this.count--;
    } else if (found) {
      amounts[low] = amount;
    } else {
      if (count === keys.length) this.grow();
      const { keys: to, amounts: sizes } = this;
      for (let i = count; i > low; i--) {
        to[i] = to[i - 1]!;
        sizes[i] = sizes[i - 1]!;
      }
      to[low] = key;
      sizes[low] = amount;
      this.count++;
    }
  }

  private grow(): void {
    const keys = new Float64Array(2 * this.keys.length);
    const amounts = new Float64Array(2 * this.keys.length);
    keys.set(this.keys);
    amounts.set(this.amounts);
    this.keys = keys;
    this.amounts = amounts;
  }

  /** Levels best first, as [price, amount] pairs: a copy, for display and tests (walk price(i)/amount(i) on hot paths). */
  levels(depth = Infinity): Level[] {
    return this.levelsInto([], depth);
  }

  /** The best `depth` levels copied into `levels` in place (resizeLevels): a copy taken again and again allocates nothing. */
  levelsInto(levels: Level[], depth: number): Level[] {
    const count = Math.min(depth, this.count);
    resizeLevels(levels, count);
    for (let i = 0; i < count; i++) {
      const level = levels[i]!;
      level[0] = this.price(i);
      level[1] = this.amount(i);
    }
    return levels;
  }
}

export class OrderBook {
  readonly bids = new BookSide(-1);
  readonly asks = new BookSide(1);

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  /** Apply levels to both sides (amount 0 removes a level). */
  apply(bids: readonly Level[], asks: readonly Level[]): void {
    for (let i = 0; i < bids.length; i++) this.bids.set(bids[i]![0], bids[i]![1]);
    for (let i = 0; i < asks.length; i++) this.asks.set(asks[i]![0], asks[i]![1]);
  }

  /** Best bid at or above best ask: no real market is, so the data is wrong. */
  crossed(): boolean {
    return this.bids.depth > 0 && this.asks.depth > 0 && this.bids.best() >= this.asks.best();
  }
}

/**
 * An instrument's order book as the desk keeps it: price levels per side, best first. Levels live
 * in parallel number arrays kept sorted, so applying an update is a binary search and a shift, with
 * no allocation once a side has reached its usual depth (feeds deliver hundreds of thousands of
 * updates a second into these).
 */
import type { Level } from './events';

export class BookSide {
  /** sign x price, ascending: the best level is at 0 for both sides. */
  private readonly keys: number[] = [];
  private readonly amounts: number[] = [];

  /** -1 for bids (highest first), +1 for asks (lowest first). */
  constructor(private readonly sign: 1 | -1) {}

  get depth(): number {
    return this.keys.length;
  }

  price(index: number): number {
    return this.sign * this.keys[index]!;
  }

  amount(index: number): number {
    return this.amounts[index]!;
  }

  /** The best price, NaN when the side is empty. */
  best(): number {
    return this.keys.length ? this.sign * this.keys[0]! : NaN;
  }

  clear(): void {
    this.keys.length = 0;
    this.amounts.length = 0;
  }

  /** Set a level's amount; 0 removes the level. */
  set(price: number, amount: number): void {
    const { keys, amounts } = this;
    const key = this.sign * price;
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    const found = low < keys.length && keys[low] === key;
    if (amount === 0) {
      if (!found) return;
      for (let i = low; i < keys.length - 1; i++) {
        keys[i] = keys[i + 1]!;
        amounts[i] = amounts[i + 1]!;
      }
      keys.pop();
      amounts.pop();
    } else if (found) {
      amounts[low] = amount;
    } else {
      keys.push(key);
      amounts.push(amount);
      for (let i = keys.length - 1; i > low; i--) {
        keys[i] = keys[i - 1]!;
        amounts[i] = amounts[i - 1]!;
      }
      keys[low] = key;
      amounts[low] = amount;
    }
  }

  /** Levels best first, as [price, amount] pairs: a copy, for display and tests (walk price(i)/amount(i) on hot paths). */
  levels(depth = Infinity): Level[] {
    const count = Math.min(depth, this.keys.length);
    const levels: Level[] = [];
    for (let i = 0; i < count; i++) levels.push([this.price(i), this.amount(i)]);
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

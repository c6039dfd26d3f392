/**
 * One instrument's order book as the venue keeps it: price levels and Deribit's change_id, which
 * every change notification carries with the id it follows (prev_change_id).
 */
export type Level = [price: number, amount: number];
/** Deribit's change entry: ['new' | 'change' | 'delete', price, amount]. */
export type LevelChange = ['new' | 'change' | 'delete', number, number];

export class VenueBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  constructor(
    bids: readonly Level[],
    asks: readonly Level[],
    public changeId: number,
  ) {
    for (const [price, amount] of bids) this.bids.set(price, amount);
    for (const [price, amount] of asks) this.asks.set(price, amount);
  }

  /** Bids best first (highest), asks best first (lowest), at most `depth` levels each. */
  levels(depth = Infinity): { bids: Level[]; asks: Level[] } {
    const sorted = (side: Map<number, number>, sign: number) =>
      [...side].sort((a, b) => sign * (a[0] - b[0])).slice(0, depth) as Level[];
    return { bids: sorted(this.bids, -1), asks: sorted(this.asks, 1) };
  }

  best(): { bid: Level | undefined; ask: Level | undefined } {
    const { bids, asks } = this.levels(1);
    return { bid: bids[0], ask: asks[0] };
  }

  /** Set levels (amount 0 removes one) and advance change_id; returns Deribit's change entries. */
  apply(side: 'bids' | 'asks', levels: readonly Level[]): LevelChange[] {
    const book = side === 'bids' ? this.bids : this.asks;
    return levels.map(([price, amount]): LevelChange => {
      if (amount === 0) {
        book.delete(price);
        return ['delete', price, 0];
      }
      const action = book.has(price) ? 'change' : 'new';
      book.set(price, amount);
      return [action, price, amount];
    });
  }
}

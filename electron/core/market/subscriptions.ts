/**
 * What a streaming adapter has subscribed: the desk's instrument names, their coins (an index or
 * a chain to follow per coin) and the venue's symbols in batches of `batchSize`, one ccxt watcher
 * per batch. A reconnection subscribes them all again; a later subscribe adds only what is new.
 */
export interface Subscribed {
  name: string;
  symbol: string;
  coin: string;
}

export class Subscriptions {
  readonly names = new Set<string>();
  readonly coins = new Set<string>();
  readonly batches: string[][] = [];

  constructor(private readonly batchSize: number) {}

  /** The instruments not subscribed yet among `names`. */
  fresh(names: readonly string[]): string[] {
    return names.filter((name) => !this.names.has(name));
  }

  /** Adds them (all fresh) and answers the new batches and the coins seen for the first time. */
  add(entries: readonly Subscribed[]): { batches: string[][]; coins: string[] } {
    const batches: string[][] = [];
    for (let i = 0; i < entries.length; i += this.batchSize) batches.push(entries.slice(i, i + this.batchSize).map((entry) => entry.symbol));
    const coins = [...new Set(entries.map((entry) => entry.coin))].filter((coin) => !this.coins.has(coin));
    for (const { name } of entries) this.names.add(name);
    for (const coin of coins) this.coins.add(coin);
    this.batches.push(...batches);
    return { batches, coins };
  }
}

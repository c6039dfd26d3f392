/**
 * An option venue through ccxt's unified API (OKX, Bybit; venues.ts says what differs), normalized
 * to the desk's events. Read-only: market data, never an order.
 *   - listing: ccxt's option markets in the desk's instrument model (ccxt-instruments.ts); a market
 *     the model cannot represent (a USDT-settled option, an odd expiry hour) is kept in
 *     `unrepresented` with its reason and skipped;
 *   - amounts in the desk's units: the venue's contracts times the market's contract size (an OKX
 *     BTC option is 0.01 BTC a contract), so a size means the same whatever the venue;
 *   - books: ccxt's websocket order books (ccxt applies the venue's deltas and checks its
 *     sequence); each update goes out as a snapshot of the merged book's top levels;
 *   - IVs: the venues stream none a desk can subscribe to through ccxt, so the chain is read over
 *     REST every `chainPollMs` and goes out as ticker events (bid, ask, IVs as fractions, forward);
 *   - REST calls paced by ccxt's throttle at the venue's rate and retried with backoff while they
 *     fail for a transient reason (a rate-limit refusal is waited out); the websocket link
 *     reconnects with backoff and jitter and resubscribes everything (watch-link.ts).
 */
import type { MarketInterface, OrderBook } from 'ccxt';
import { systemClock, type Clock } from '../../clock';
import { sleep, type BackoffPolicy } from '../backoff';
import { instrumentOfMarket } from '../ccxt-instruments';
import type { BookEvent, Level, MarketListener, TickerEvent } from '../events';
import { withRestRetry } from '../rest-retry';
import type { ChainRow, ListedInstrument, VenueAdapter } from '../venue';
import { Subscriptions } from '../subscriptions';
import { WatchLink } from '../watch-link';
import type { FeedExchange, OptionsVenue } from './venues';

export interface CcxtOptionsAdapterOptions {
  /** Every endpoint on another server (a local venue in tests), e.g. http://127.0.0.1:8123. */
  url?: URL;
  clock?: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Tries of a REST call that fails for a transient reason. */
  restAttempts?: number;
  /** The least wait after a rate-limit refusal (ms). */
  rateLimitedDelayMs?: number;
  /** Least spacing of REST requests (ms); the venue's own (ccxt's rateLimit) unless told. */
  restSpacingMs?: number;
  /** How often a subscribed coin's chain is read for its IVs (ms; default 1000, under the 2 s staleness). */
  chainPollMs?: number;
  /** Instruments per book subscription request. */
  batchSize?: number;
  /** Book levels a side sent on (default 25). */
  depth?: number;
}

interface Listed {
  listed: ListedInstrument;
  symbol: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class CcxtOptionsAdapter implements VenueAdapter {
  readonly venue: string;
  /** Markets the desk's model cannot represent, by ccxt symbol, with the reason (from the last listing). */
  readonly unrepresented = new Map<string, string>();
  private readonly exchange: FeedExchange;
  private readonly link: WatchLink;
  private readonly clock: Clock;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly restAttempts: number;
  private readonly rateLimitedDelayMs: number;
  private readonly chainPollMs: number;
  private readonly depth: number;

  private listing: ListedInstrument[] | undefined;
  private readonly bySymbol = new Map<string, Listed>();
  private byName = new Map<string, Listed>();
  private readonly subscriptions: Subscriptions;
  /** The merged book last sent of each symbol (its nonce and time): unchanged books are not sent again. */
  private readonly sent = new Map<string, string>();
  private streaming = false;

  constructor(
    private readonly profile: OptionsVenue,
    options: CcxtOptionsAdapterOptions = {},
  ) {
    this.venue = profile.id;
    this.clock = options.clock ?? systemClock;
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.random = options.random ?? Math.random;
    this.restAttempts = options.restAttempts ?? 5;
    this.rateLimitedDelayMs = options.rateLimitedDelayMs ?? 1000;
    this.chainPollMs = options.chainPollMs ?? 1000;
    this.subscriptions = new Subscriptions(options.batchSize ?? 50);
    this.depth = options.depth ?? 25;
    this.exchange = profile.create({
      enableRateLimit: true,
      ...(options.restSpacingMs === undefined ? {} : { rateLimit: options.restSpacingMs }),
      ...(options.url === undefined ? {} : { urls: profile.urlsAt(options.url) }),
      // Reconnects are paced by the watch link; ccxt's own dial backoff would add to them.
      options: { ws: { backoff: { base: 0 } } },
    });
    this.link = new WatchLink({
      venue: this.venue,
      clock: this.clock,
      backoff: this.backoff,
      random: this.random,
      subscribeAll: (generation) => {
        // A new link's books start over from their resubscription's snapshots.
        this.sent.clear();
        for (const batch of this.subscriptions.batches) this.watchBooks(generation, batch);
      },
      drop: (reason) => this.exchange.drop(reason),
    });
    this.exchange.onOpen = () => this.link.status('connected');
    // ccxt hands on a frame it cannot parse as text; OKX's pong is the one text frame a venue class
    // wants. Any other is said and kept from the venue class (Binance's throws on text).
    this.exchange.onFrame = (message) => {
      if (typeof message !== 'string' || message === 'pong') return true;
      this.link.status('error', 'malformed frame');
      return false;
    };
  }

  async instruments(base: string): Promise<ListedInstrument[]> {
    const listing = await this.loadListing(true);
    return listing.filter((listed) => listed.instrument.base === base);
  }

  async optionChain(base: string): Promise<ChainRow[]> {
    await this.loadListing(false);
    const quotes = await this.rest('option chain', () => this.profile.chain(this.exchange, base));
    const rows: ChainRow[] = [];
    for (const quote of quotes) {
      // An option listed since the listing was loaded (or one the desk cannot represent) is left out.
      const listed = this.bySymbol.get(quote.symbol);
      if (!listed) continue;
      const size = listed.listed.contractSize;
      const { symbol: _symbol, bidSize, askSize, ...prices } = quote;
      rows.push({
        instrument: listed.listed.instrument.name,
        ...prices,
        bidAmount: bidSize === undefined ? undefined : bidSize * size,
        askAmount: askSize === undefined ? undefined : askSize * size,
      });
    }
    return rows;
  }

  async subscribe(instruments: readonly string[], listener: MarketListener): Promise<void> {
    if (this.link.closed) throw new Error(`${this.venue} adapter is closed`);
    await this.loadListing(false);
    const entries = this.subscriptions.fresh(instruments).map((name) => {
      const found = this.byName.get(name);
      if (!found) throw new Error(`${this.venue} lists no ${name}`);
      return { name, symbol: found.symbol, coin: found.listed.instrument.base };
    });
    this.link.listeners.add(listener);
    const { batches: newBatches } = this.subscriptions.add(entries);
    if (!this.streaming) {
      // ccxt dials a plain ws:// URL (a local venue) only with an http agent it loads on request.
      await this.exchange.loadHttpProxyAgent();
      this.streaming = true;
      this.link.connect();
      void this.pollChains();
    } else if (!this.link.reconnecting) {
      for (const batch of newBatches) this.watchBooks(this.link.generation, batch);
    }
  }

  async close(): Promise<void> {
    if (this.link.closed) return;
    this.link.close();
    this.exchange.drop('closed');
    await this.exchange.close();
  }

  // ---- REST ----

  private async loadListing(reload: boolean): Promise<ListedInstrument[]> {
    if (this.listing && !reload) return this.listing;
    const markets = await this.rest('listing', () => this.exchange.loadMarkets(true));
    const listing: ListedInstrument[] = [];
    const bySymbol = new Map<string, Listed>();
    const byName = new Map<string, Listed>();
    this.unrepresented.clear();
    for (const market of Object.values(markets) as MarketInterface[]) {
      const terms = instrumentOfMarket(market);
      if (!terms) continue;
      if (!terms.ok) {
        this.unrepresented.set(market.symbol, terms.reason);
        continue;
      }
      // The desk's amounts: a contract of contractSize coins (options, linear) or USD (inverse futures).
      const contractSize = market.contractSize ?? 1;
      const listed: ListedInstrument = {
        instrument: terms.instrument,
        contractSize,
        minTradeAmount: (market.limits.amount?.min ?? NaN) * contractSize,
        tickSize: market.precision.price ?? NaN,
      };
      listing.push(listed);
      const entry = { listed, symbol: market.symbol };
      bySymbol.set(market.symbol, entry);
      byName.set(terms.instrument.name, entry);
    }
    // A delisted market cannot be subscribed again; its terms stay known for a book still streaming.
    this.listing = listing;
    for (const [symbol, entry] of bySymbol) this.bySymbol.set(symbol, entry);
    this.byName = byName;
    return listing;
  }

  private rest<T>(what: string, call: () => Promise<T>): Promise<T> {
    return withRestRetry(
      call,
      { attempts: this.restAttempts, backoff: this.backoff, rateLimitedDelayMs: this.rateLimitedDelayMs, random: this.random },
      (error, limited) => this.link.status('error', limited ? 'rate limited' : `${what}: ${error.name}`),
      () => this.link.closed,
    );
  }

  /** Each subscribed coin's chain as ticker events, every chainPollMs while the adapter is open. */
  private async pollChains(): Promise<void> {
    while (!this.link.closed) {
      for (const coin of this.subscriptions.coins) {
        let rows: ChainRow[];
        try {
          rows = await this.optionChain(coin);
        } catch (error) {
          if (!this.link.closed) this.link.status('error', `${coin} chain: ${messageOf(error)}`);
          continue;
        }
        for (const row of rows) if (this.subscriptions.names.has(row.instrument) && !this.link.closed) this.link.emit(tickerOf(this.venue, row));
      }
      await sleep(this.chainPollMs);
    }
  }

  // ---- streaming ----

  private watchBooks(generation: number, symbols: string[]): void {
    this.link.watch(
      generation,
      () => this.exchange.watchOrderBookForSymbols(symbols),
      // ccxt resolves a batch's watcher with one book (sent whatever its nonce: some venues have
      // none); others may have moved meanwhile: each changed one is sent too.
      (book) => {
        if (book.symbol) this.sendBook(book.symbol, true);
        for (const symbol of symbols) if (symbol !== book.symbol) this.sendBook(symbol);
      },
    );
  }

  private sendBook(symbol: string, changed = false): void {
    const book = this.exchange.orderbooks[symbol] as OrderBook | undefined;
    // No nonce and no time: ccxt's empty placeholder awaiting the book's REST snapshot (Binance), not an empty book.
    if (!book || (book.nonce === undefined && book.timestamp === undefined)) return;
    const key = `${book.nonce}:${book.timestamp}`;
    if (!changed && this.sent.get(symbol) === key) return;
    this.sent.set(symbol, key);
    const { listed } = this.bySymbol.get(symbol)!;
    const levels = (side: OrderBook['bids']): Level[] =>
      side.slice(0, this.depth).map(([price, amount]) => [price ?? NaN, (amount ?? NaN) * listed.contractSize]);
    const event: BookEvent = {
      type: 'book',
      venue: this.venue,
      instrument: listed.instrument.name,
      time: book.timestamp ?? this.clock.now(),
      snapshot: true,
      bids: levels(book.bids),
      asks: levels(book.asks),
    };
    this.link.emit(event);
  }
}

function tickerOf(venue: string, row: ChainRow): TickerEvent {
  return {
    type: 'ticker',
    venue,
    instrument: row.instrument,
    time: row.time,
    markPrice: row.markPrice,
    markIv: row.markIv,
    bidIv: row.bidIv,
    askIv: row.askIv,
    bestBid: row.bid,
    bestBidAmount: row.bidAmount,
    bestAsk: row.ask,
    bestAskAmount: row.askAmount,
    underlyingPrice: row.underlyingPrice,
    indexPrice: row.indexPrice,
  };
}

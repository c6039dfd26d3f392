/**
 * Deribit through ccxt (one ccxt.pro.deribit instance: REST for the listing and the chain, its
 * websocket for books, tickers, trades and the index), normalized to the desk's events.
 *
 * Deribit's rules it keeps (docs.deribit.com, "Rate limits" and "Notifications"):
 *   - public requests 20/s (ccxt's own throttle, rateLimit 50 ms) and public/get_instruments
 *     1 request/s sustained (paced here: ccxt's throttle is one bucket for every method);
 *   - a 10028 too_many_requests refusal is waited out; on the websocket Deribit also ends the
 *     session, so the adapter reconnects after the wait;
 *   - heartbeats: set_heartbeat on connect, test_request answered; a link silent for longer than
 *     silenceMs is dead even if TCP says otherwise, and is dropped;
 *   - book changes carry change_id/prev_change_id: they are emitted as they arrive (seq/prevSeq)
 *     so feed health sees gaps, and resnapshot() resubscribes a book to get a fresh snapshot.
 * Any loss of the link (drop, silence, error reply, refusal) ends the connection; after an
 * exponential backoff with jitter the adapter reconnects and subscribes everything again, and
 * each book starts over from the snapshot its resubscription brings.
 */
import type { MarketInterface } from 'ccxt';
import { systemClock, type Clock } from '../../clock';
import { sleep, type BackoffPolicy } from '../backoff';
import type { MarketListener } from '../events';
import type { ChainRow, ListedInstrument, VenueAdapter } from '../venue';
import { DeribitClient } from './client';
import { chainRow, listedInstrument, withTicker } from './instruments';
import { withRestRetry } from '../rest-retry';
import { Subscriptions } from '../subscriptions';
import { WatchLink } from '../watch-link';

export interface DeribitAdapterOptions {
  /** Venue id on every event; 'deribit' unless told. */
  venue?: string;
  /** Endpoints; Deribit's production ones (ccxt's) unless told, e.g. a local venue in tests. */
  urls?: { rest: string; ws: string };
  /** Stamps venue-status events. */
  clock?: Clock;
  /** Deribit's heartbeat interval in seconds (its minimum, 10, unless told). */
  heartbeatSeconds?: number;
  /** A link with no frame for this long is dropped (ms); 2.5 heartbeats unless told. */
  silenceMs?: number;
  /** Reconnect and retry delays. */
  backoff?: BackoffPolicy;
  /** Uniform [0, 1) for the jitter; Math.random unless told. */
  random?: () => number;
  /** Spacing of public/get_instruments calls (ms); Deribit allows 1/s sustained. */
  instrumentsIntervalMs?: number;
  /** The least wait after a 10028 refusal (ms). */
  rateLimitedDelayMs?: number;
  /** Tries of a REST call that fails for a transient reason (network, refusal, 'retry'). */
  restAttempts?: number;
  /** Instruments per subscribe request (Deribit refuses frames over 32 KB). */
  batchSize?: number;
  /** Notification interval of the public channels ('raw' needs an authorized session). */
  interval?: '100ms' | 'agg2';
  /** Least spacing of REST requests (ms); Deribit's 20/s (ccxt's 50) unless told. */
  restSpacingMs?: number;
}

const RATE_LIMITED = 10028;

export class DeribitAdapter implements VenueAdapter {
  readonly venue: string;
  private readonly exchange: DeribitClient;
  private readonly link: WatchLink;
  private readonly silenceMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly instrumentsIntervalMs: number;
  private readonly rateLimitedDelayMs: number;
  private readonly restAttempts: number;
  private readonly interval: '100ms' | 'agg2';

  private listing: ListedInstrument[] | undefined;
  private readonly symbolOf = new Map<string, string>();
  private readonly nameOf = new Map<string, string>();
  private nextInstrumentsAt = 0;

  private readonly subscriptions: Subscriptions;
  private streaming = false;
  private lastFrameAt = 0;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(options: DeribitAdapterOptions = {}) {
    this.venue = options.venue ?? 'deribit';
    const heartbeatSeconds = options.heartbeatSeconds ?? 10;
    this.silenceMs = options.silenceMs ?? heartbeatSeconds * 2500;
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.random = options.random ?? Math.random;
    this.instrumentsIntervalMs = options.instrumentsIntervalMs ?? 1000;
    this.rateLimitedDelayMs = options.rateLimitedDelayMs ?? 1000;
    this.restAttempts = options.restAttempts ?? 5;
    this.subscriptions = new Subscriptions(options.batchSize ?? 100);
    this.interval = options.interval ?? '100ms';
    this.exchange = new DeribitClient({
      enableRateLimit: true,
      ...(options.restSpacingMs === undefined ? {} : { rateLimit: options.restSpacingMs }),
      ...(options.urls ? { urls: { api: { rest: options.urls.rest, ws: options.urls.ws } } } : {}),
      // Reconnects are paced by this adapter; ccxt's own dial backoff would add to them.
      options: { ws: { backoff: { base: 0 } } },
    });
    this.link = new WatchLink({
      venue: this.venue,
      clock: options.clock ?? systemClock,
      backoff: this.backoff,
      random: this.random,
      subscribeAll: (generation) => this.watchAll(generation, this.subscriptions.batches, this.subscriptions.coins),
      drop: (reason) => this.exchange.drop(reason),
    });
    const link = this.link;
    this.exchange.venue = this.venue;
    this.exchange.heartbeatSeconds = heartbeatSeconds;
    this.exchange.sink = {
      event: (event) => link.emit(event),
      frame: () => {
        this.lastFrameAt = performance.now();
      },
      malformed: () => link.status('error', 'malformed frame'),
      rpcError: (code, message) =>
        code === RATE_LIMITED
          ? link.fail(link.generation, 'rate limited (10028)', this.rateLimitedDelayMs)
          : link.fail(link.generation, `rpc error ${code}: ${message}`),
      connected: () => {
        this.lastFrameAt = performance.now();
        link.status('connected');
      },
    };
  }

  async instruments(base: string): Promise<ListedInstrument[]> {
    const listing = await this.loadListing(true);
    return listing.filter((listed) => listed.instrument.base === base);
  }

  /**
   * The book summary of every option, and the ticker of each quoted one for its bid and ask IVs
   * (the summary has none): one request an option, paced by ccxt at Deribit's 20/s, so a chain
   * of 700 quoted options takes about 35 s.
   */
  async optionChain(base: string): Promise<ChainRow[]> {
    await this.loadListing(false);
    const chain = await this.rest('get_book_summary_by_currency', () => this.exchange.fetchOptionChain(base));
    const rows: Promise<ChainRow>[] = [];
    for (const [symbol, option] of Object.entries(chain)) {
      // An option listed since the listing was loaded is left for the next instruments() call.
      const name = this.nameOf.get(symbol);
      if (!name) continue;
      const row = chainRow(name, option);
      const quoted = row.bid !== undefined || row.ask !== undefined;
      rows.push(quoted ? this.rest('ticker', () => this.exchange.fetchGreeks(symbol)).then((greeks) => withTicker(row, greeks)) : Promise.resolve(row));
    }
    return Promise.all(rows);
  }

  async subscribe(instruments: readonly string[], listener: MarketListener): Promise<void> {
    if (this.link.closed) throw new Error(`${this.venue} adapter is closed`);
    await this.loadListing(false);
    const entries = this.subscriptions.fresh(instruments).map((name) => {
      const symbol = this.symbolOf.get(name);
      if (!symbol) throw new Error(`${this.venue} lists no ${name}`);
      return { name, symbol, coin: this.exchange.market(symbol).base };
    });
    this.link.listeners.add(listener);
    const { batches: newBatches, coins: newCoins } = this.subscriptions.add(entries);
    if (!this.streaming) {
      // ccxt dials a plain ws:// URL (a local venue) only with an http agent it loads on request.
      if (this.exchange.urls.api.ws.startsWith('ws://')) await this.exchange.loadHttpProxyAgent();
      this.streaming = true;
      this.watchdog = setInterval(() => this.checkSilence(), Math.max(10, this.silenceMs / 4));
      this.watchdog.unref();
      this.link.connect();
    } else if (!this.link.reconnecting) {
      // While a reconnection is pending, it subscribes these with the rest.
      this.watchAll(this.link.generation, newBatches, newCoins);
    }
  }

  /** A fresh snapshot of a book (after a gap or a bad update): Deribit sends one on subscription. */
  resnapshot(instrument: string): void {
    if (!this.subscriptions.names.has(instrument)) return;
    // Without a live link there is nothing to do: the reconnection resubscribes every book.
    const channels = [`book.${instrument}.${this.interval}`];
    if (this.exchange.sendRequest('public/unsubscribe', { channels })) this.exchange.sendRequest('public/subscribe', { channels });
  }

  async close(): Promise<void> {
    if (this.link.closed) return;
    this.link.close();
    clearInterval(this.watchdog);
    // Cut the link first: a close handshake with a dead peer would wait for ws's 30 s timeout.
    this.exchange.drop('closed');
    await this.exchange.close();
  }

  // ---- REST ----

  /** The listing in the desk's terms, fetched again when asked to (paced: get_instruments is 1/s). */
  private async loadListing(reload: boolean): Promise<ListedInstrument[]> {
    if (this.listing && !reload) return this.listing;
    const markets = await this.rest('get_instruments', async () => {
      await this.paceInstruments();
      return this.exchange.loadMarkets(true);
    });
    const listing: ListedInstrument[] = [];
    for (const market of Object.values(markets) as MarketInterface[]) {
      const listed = listedInstrument(market);
      if (!listed) continue;
      listing.push(listed);
      this.symbolOf.set(listed.instrument.name, market.symbol);
      this.nameOf.set(market.symbol, listed.instrument.name);
    }
    this.listing = listing;
    return listing;
  }

  private async paceInstruments(): Promise<void> {
    const now = performance.now();
    const wait = this.nextInstrumentsAt - now;
    this.nextInstrumentsAt = Math.max(now, this.nextInstrumentsAt) + this.instrumentsIntervalMs;
    if (wait > 0) await sleep(wait);
  }

  /** A REST call, retried with backoff while it fails for a transient reason (ccxt's NetworkError family). */
  private rest<T>(what: string, call: () => Promise<T>): Promise<T> {
    return withRestRetry(
      call,
      { attempts: this.restAttempts, backoff: this.backoff, rateLimitedDelayMs: this.rateLimitedDelayMs, random: this.random },
      (error, limited) => this.link.status('error', limited ? 'rate limited (10028)' : `${what}: ${error.name}`),
      () => this.link.closed,
    );
  }

  // ---- streaming ----

  private watchAll(generation: number, batches: readonly string[][], coins: Iterable<string>): void {
    const exchange = this.exchange;
    const params = { interval: this.interval };
    const link = this.link;
    for (const symbols of batches) {
      link.watch(generation, () => exchange.watchOrderBookForSymbols(symbols, undefined, params));
      link.watch(generation, () => exchange.watchTickers(symbols, params));
      link.watch(generation, () => exchange.watchTradesForSymbols(symbols, undefined, undefined, params));
    }
    for (const coin of coins) link.watch(generation, () => exchange.watchIndexPrice(coin));
  }

  private checkSilence(): void {
    if (this.exchange.live() && performance.now() - this.lastFrameAt > this.silenceMs) this.link.fail(this.link.generation, 'heartbeat timeout');
  }
}

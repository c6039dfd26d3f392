/**
 * A local Deribit for tests: API v2 JSON-RPC over HTTP (GET /api/v2/public/<method>?<params>) and
 * over a WebSocket (/ws/api/v2), bound to 127.0.0.1 on an ephemeral port, serving a recorded
 * chain (the CSV fixtures) with the venue's own field names and units (IV in percent, prices in
 * coin). It implements the public methods ccxt's deribit class calls for market data
 * (get_currencies, get_instruments, get_book_summary_by_currency/_by_instrument, ticker,
 * get_order_book, get_time, test, status) and, on the WebSocket, subscribe/unsubscribe for
 * book.{instrument}.{interval}, ticker.{instrument}.{interval}, trades.{instrument}.{interval},
 * deribit_price_index.{coin}_usd, and set_heartbeat with its test_request (unanswered, the venue
 * closes the connection, as Deribit does). With an account (account.ts), public/auth and, over
 * HTTP, private/get_user_trades_by_currency(_and_time) for the account's trades, refused without
 * its credentials.
 *
 * The test moves the market (changeBook, trade, setIndex) and injects faults: dropped connections, silence,
 * raw (malformed) frames, crossed books, change_id gaps, planned JSON-RPC errors and rate-limit
 * refusals. Rate limits are enforced as Deribit does (see rate-limit.ts); on the WebSocket a
 * 10028 refusal also ends the session, as the venue's docs say.
 *
 * Simplifications, on purpose: notifications go out as soon as the test changes the market (no
 * 100 ms aggregation), only the fixture's currency is listed, IVs stay the recorded ones when
 * the test moves a book, and an index subscription starts with the current index.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { AuthError, AuthParams, TradesParams, VenueAccount, type VenueAccountKeys } from './account';
import { readFixtureChain, type FixtureOption } from './fixture-chain';
import { DERIBIT_RATE_LIMITS, TokenBucket, type VenueRateLimits } from './rate-limit';
import { VenueBook, type Level, type LevelChange } from './venue-book';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

const TOO_MANY_REQUESTS = 10028;
/** Deribit's option tick in 2020, when the fixtures were recorded. */
const OPTION_TICK = 0.0005;
const CHANNEL = /^(book|ticker|trades)\.([A-Z0-9_d-]+)\.(100ms|agg2|raw)$/;

export interface RecordedRequest {
  transport: 'http' | 'ws';
  /** The WebSocket session's id; absent over HTTP. */
  session?: number;
  method: string;
  params: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
}

interface Session {
  id: number;
  socket: WebSocket;
  channels: Set<string>;
  /** A stalled link: nothing more goes out, though the socket stays open. */
  muted: boolean;
  buckets: Buckets;
  heartbeat?: { timer: NodeJS.Timeout; answered: boolean };
}

interface Buckets {
  requests: TokenBucket;
  instruments: TokenBucket;
}

interface PlannedError {
  method: string;
  error: RpcError;
  times: number;
}

interface LiveOption {
  fixture: FixtureOption;
  book: VenueBook;
  /** The recorded ticker time until the test moves the book, then the venue's clock. */
  timestamp: number;
  tradeSeq: number;
}

export interface DeribitVenueOptions {
  /** A chain CSV from the fixtures. */
  chainFile: string;
  rateLimits?: VenueRateLimits;
  /** Deribit refuses heartbeat intervals under 10 s; tests may allow shorter ones. */
  minHeartbeatSeconds?: number;
  /** More instruments for get_instruments, in Deribit's shape: listed only, with no book or ticker. */
  listing?: Record<string, unknown>[];
  /** An account whose API key opens the private methods. */
  account?: VenueAccountKeys;
  /** Currencies listed besides the chain's (e.g. USDC, for the account's linear trades); they list no instruments. */
  currencies?: string[];
}

const boolParam = z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]);
const Params = {
  currency: z.object({ currency: z.string(), kind: z.string().optional() }),
  instruments: z.object({ currency: z.string().optional(), kind: z.string().optional(), expired: boolParam.optional() }),
  instrument: z.object({ instrument_name: z.string() }),
  orderBook: z.object({ instrument_name: z.string(), depth: z.coerce.number().int().positive().optional() }),
  channels: z.object({ channels: z.array(z.string()).min(1) }),
  heartbeat: z.object({ interval: z.coerce.number() }),
};

function paramsOf<T extends z.ZodType>(schema: T, params: unknown): z.infer<T> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RpcError(-32602, 'Invalid params', { reason: issue?.message, param: issue?.path.join('.') });
  }
  return parsed.data;
}

/** Deribit's settlement_period: monthlies expire on a month's last Friday, weeklies on other Fridays. */
function settlementPeriod(expiry: number): 'month' | 'week' | 'day' {
  const date = new Date(expiry);
  if (date.getUTCDay() !== 5) return 'day';
  const nextWeek = new Date(expiry + 7 * 86_400_000);
  return nextWeek.getUTCMonth() !== date.getUTCMonth() ? 'month' : 'week';
}

export class DeribitVenue {
  readonly requests: RecordedRequest[] = [];
  private readonly options = new Map<string, LiveOption>();
  private readonly listing: Record<string, unknown>[];
  private readonly currency: string;
  private readonly currencies: string[];
  /** The account, when the venue has one: its trades are the test's to add. */
  readonly account: VenueAccount | undefined;
  private readonly sessions = new Map<number, Session>();
  private readonly planned: PlannedError[] = [];
  private readonly limits: VenueRateLimits;
  private readonly minHeartbeatSeconds: number;
  private readonly httpBuckets: Buckets;
  private readonly clockOrigin: number;
  private readonly startedAt = performance.now();
  private indexPrice: number;
  private indexTime: number;
  private nextSession = 1;
  private nextTradeId = 1;
  private server?: http.Server;
  private wss?: WebSocketServer;
  restUrl = '';
  wsUrl = '';

  private constructor(options: DeribitVenueOptions) {
    const rows = readFixtureChain(options.chainFile);
    for (const fixture of rows) {
      this.options.set(fixture.instrument_name, {
        fixture,
        book: new VenueBook(fixture.bids, fixture.asks, fixture.change_id),
        timestamp: fixture.timestamp,
        tradeSeq: 0,
      });
    }
    const currencies = new Set(rows.map((row) => row.instrument_name.split('-')[0]!));
    if (currencies.size !== 1) throw new Error(`${options.chainFile}: expected one currency, found ${[...currencies].join(', ')}`);
    this.currency = [...currencies][0]!;
    this.currencies = [this.currency, ...(options.currencies ?? [])];
    this.account = options.account ? new VenueAccount(options.account) : undefined;
    this.clockOrigin = Math.max(...rows.map((row) => row.timestamp));
    const latest = rows.find((row) => row.timestamp === this.clockOrigin)!;
    this.indexPrice = latest.index_price;
    this.indexTime = latest.timestamp;
    this.limits = options.rateLimits ?? DERIBIT_RATE_LIMITS;
    this.minHeartbeatSeconds = options.minHeartbeatSeconds ?? 10;
    this.listing = options.listing ?? [];
    this.httpBuckets = this.buckets();
  }

  static async start(options: DeribitVenueOptions): Promise<DeribitVenue> {
    const venue = new DeribitVenue(options);
    await venue.listen();
    return venue;
  }

  /** The venue's clock: the chain's recording time, moving on in real time since the start. */
  now(): number {
    return Math.round(this.clockOrigin + performance.now() - this.startedAt);
  }

  instrumentNames(): string[] {
    return [...this.options.keys()];
  }

  fixture(name: string): FixtureOption {
    return this.option(name).fixture;
  }

  /** The book the venue holds now, best levels first. */
  book(name: string): { bids: Level[]; asks: Level[]; changeId: number } {
    const { book } = this.option(name);
    return { ...book.levels(), changeId: book.changeId };
  }

  /** Channels of each open WebSocket session, by session id. */
  subscriptions(): Map<number, string[]> {
    return new Map([...this.sessions].map(([id, session]) => [id, [...session.channels]]));
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) this.endSession(session, true);
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()));
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  // ---- moving the market ----

  /** Set book levels (amount 0 removes a level); subscribers get one change with change_id chained. */
  changeBook(name: string, change: { bids?: Level[]; asks?: Level[] }): void {
    const option = this.option(name);
    const before = option.book.best();
    const bids = option.book.apply('bids', change.bids ?? []);
    const asks = option.book.apply('asks', change.asks ?? []);
    option.timestamp = this.now();
    this.publishChange(option, bids, asks);
    const after = option.book.best();
    if (before.bid?.join() !== after.bid?.join() || before.ask?.join() !== after.ask?.join()) {
      this.publish('ticker', name, this.ticker(option));
    }
  }

  /** A print in the instrument, at the given price and size, aggressor on `direction`. */
  trade(name: string, trade: { price: number; amount: number; direction: 'buy' | 'sell' }): void {
    const option = this.option(name);
    option.tradeSeq += 1;
    const { fixture } = option;
    this.publish('trades', name, [
      {
        trade_seq: option.tradeSeq,
        trade_id: String(this.nextTradeId++),
        timestamp: this.now(),
        tick_direction: 0,
        price: trade.price,
        mark_price: fixture.mark_price,
        iv: fixture.mark_iv,
        instrument_name: name,
        index_price: fixture.index_price,
        direction: trade.direction,
        amount: trade.amount,
      },
    ]);
  }

  /** A new index price; subscribers of the coin's index channel get it. */
  setIndex(price: number): void {
    this.indexPrice = price;
    this.indexTime = this.now();
    const channel = this.indexChannel();
    for (const session of this.sessions.values()) if (session.channels.has(channel)) this.notify(session, channel, this.index());
  }

  // ---- faults ----

  /** The next `times` requests of `method` (HTTP or WebSocket) get this JSON-RPC error. */
  failNext(method: string, code: number, message: string, options: { times?: number; httpStatus?: number; data?: unknown } = {}): void {
    this.planned.push({ method, error: new RpcError(code, message, options.data, options.httpStatus), times: options.times ?? 1 });
  }

  /** The next `times` requests of `method` are refused as over the rate limit. */
  rateLimitNext(method: string, times = 1): void {
    this.failNext(method, TOO_MANY_REQUESTS, 'too_many_requests', { times, httpStatus: 429 });
  }

  /** Cut every open WebSocket abruptly (no close frame); returns how many. */
  dropConnections(): number {
    const count = this.sessions.size;
    for (const session of this.sessions.values()) this.endSession(session, false);
    return count;
  }

  /** Stall every open WebSocket: it stays open but nothing more is sent on it. New sessions are live. */
  silenceConnections(): number {
    for (const session of this.sessions.values()) this.stall(session);
    return this.sessions.size;
  }

  /** Send a raw frame, as is, on every live session. */
  sendRaw(text: string): void {
    for (const session of this.sessions.values()) this.send(session, text);
  }

  /** Send a change whose bid is above the best ask (the venue's own book stays as it was). */
  crossBook(name: string): void {
    const option = this.option(name);
    const ask = option.book.best().ask;
    if (!ask) throw new Error(`${name} has no ask to cross`);
    this.publishChange(option, [['new', ask[0] + OPTION_TICK, 1]], []);
  }

  /** Advance change_id without sending: the next change's prev_change_id is one the client never saw. */
  skipChangeId(name: string): void {
    this.option(name).book.changeId += 1;
  }

  // ---- transport ----

  private async listen(): Promise<void> {
    this.server = http.createServer((request, response) => this.onHttp(request, response));
    this.wss = new WebSocketServer({ server: this.server, path: '/ws/api/v2' });
    this.wss.on('connection', (socket) => this.onConnection(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.restUrl = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/ws/api/v2`;
  }

  private buckets(): Buckets {
    const now = performance.now();
    return { requests: new TokenBucket(this.limits.requests, now), instruments: new TokenBucket(this.limits.instruments, now) };
  }

  private envelope(usIn: number, body: { result: unknown } | { error: object }, id?: unknown): object {
    const usOut = Math.round(performance.timeOrigin * 1000 + performance.now() * 1000);
    return { jsonrpc: '2.0', ...(id === undefined ? {} : { id }), ...body, usIn, usOut, usDiff: usOut - usIn, testnet: false };
  }

  private onHttp(request: http.IncomingMessage, response: http.ServerResponse): void {
    const usIn = Math.round(performance.timeOrigin * 1000 + performance.now() * 1000);
    const url = new URL(request.url ?? '/', this.restUrl);
    const match = /^\/api\/v2\/((?:public|private)\/[a-z_]+)$/.exec(url.pathname);
    let status = 200;
    let body: { result: unknown } | { error: object };
    try {
      if (request.method !== 'GET' || !match) throw new RpcError(-32601, 'Method not found', undefined, 404);
      const authorize = () => this.account?.authorize(request.headers.authorization, 'GET', request.url ?? '');
      body = { result: this.call({ transport: 'http', authorize }, match[1]!, Object.fromEntries(url.searchParams)) };
    } catch (error) {
      const rpc = this.rpcError(error);
      status = rpc.httpStatus;
      body = { error: { code: rpc.code, message: rpc.message, ...(rpc.data === undefined ? {} : { data: rpc.data }) } };
    }
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(this.envelope(usIn, body)));
  }

  private onConnection(socket: WebSocket): void {
    const session: Session = { id: this.nextSession++, socket, channels: new Set(), muted: false, buckets: this.buckets() };
    this.sessions.set(session.id, session);
    socket.on('close', () => this.endSession(session, true));
    socket.on('message', (data) => this.onFrame(session, String(data)));
  }

  private onFrame(session: Session, text: string): void {
    const usIn = Math.round(performance.timeOrigin * 1000 + performance.now() * 1000);
    let request: { id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      this.send(session, this.envelope(usIn, { error: { code: -32700, message: 'Parse error' } }));
      return;
    }
    const after: (() => void)[] = [];
    try {
      if (typeof request.method !== 'string') throw new RpcError(-32600, 'Invalid Request');
      const result = this.call({ transport: 'ws', session, after }, request.method, (request.params ?? {}) as Record<string, unknown>);
      this.send(session, this.envelope(usIn, { result }, request.id));
      for (const step of after) step();
    } catch (error) {
      const rpc = this.rpcError(error);
      const data = rpc.data === undefined ? {} : { data: rpc.data };
      this.send(session, this.envelope(usIn, { error: { code: rpc.code, message: rpc.message, ...data } }, request.id));
      // Out of credits, Deribit answers 10028 and ends the session.
      if (rpc.code === TOO_MANY_REQUESTS) this.endSession(session, true);
    }
  }

  private rpcError(error: unknown): RpcError {
    if (error instanceof RpcError) return error;
    if (error instanceof AuthError) return new RpcError(error.code, error.message);
    return new RpcError(11094, 'internal_server_error', { reason: error instanceof Error ? error.message : String(error) }, 500);
  }

  private send(session: Session, message: object | string): void {
    if (session.muted || session.socket.readyState !== session.socket.OPEN) return;
    session.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  private stall(session: Session): void {
    session.muted = true;
    if (session.heartbeat) clearInterval(session.heartbeat.timer);
  }

  private endSession(session: Session, graceful: boolean): void {
    this.stall(session);
    this.sessions.delete(session.id);
    if (graceful) session.socket.close();
    else session.socket.terminate();
  }

  // ---- JSON-RPC ----

  private call(
    context: { transport: 'http'; authorize: () => void } | { transport: 'ws'; session: Session; after: (() => void)[] },
    method: string,
    params: Record<string, unknown>,
  ): unknown {
    const session = context.transport === 'ws' ? context.session : undefined;
    this.requests.push({ transport: context.transport, session: session?.id, method, params, at: performance.now() });

    const plan = this.planned.find((entry) => entry.method === method);
    if (plan) {
      plan.times -= 1;
      if (plan.times <= 0) this.planned.splice(this.planned.indexOf(plan), 1);
      throw plan.error;
    }
    const buckets = session?.buckets ?? this.httpBuckets;
    const now = performance.now();
    if (!buckets.requests.take(now) || (method === 'public/get_instruments' && !buckets.instruments.take(now))) {
      throw new RpcError(TOO_MANY_REQUESTS, 'too_many_requests', undefined, 429);
    }

    switch (method) {
      case 'public/get_time':
        return this.now();
      case 'public/test':
        if (session?.heartbeat) session.heartbeat.answered = true;
        return { version: '1.2.26' };
      case 'public/status':
        return { locked: 'false', locked_indices: [] };
      case 'public/get_currencies':
        return this.currencies.map((currency) => this.currencyInfo(currency));
      case 'public/get_instruments': {
        const { currency, kind, expired } = paramsOf(Params.instruments, params);
        const listing = [...[...this.options.values()].map((option) => this.instrumentInfo(option.fixture)), ...this.listing];
        const any = currency === undefined || currency === 'any';
        if (!any && !listing.some((info) => info.base_currency === currency)) this.checkCurrency(currency);
        if (expired) return [];
        return listing.filter((info) => (any || info.base_currency === currency) && (kind === undefined || info.kind === kind));
      }
      case 'public/get_book_summary_by_currency': {
        const { currency, kind } = paramsOf(Params.currency, params);
        this.checkCurrency(currency);
        if (currency !== this.currency || (kind !== undefined && kind !== 'option')) return [];
        return [...this.options.values()].map((option) => this.summary(option));
      }
      case 'public/get_book_summary_by_instrument':
        return [this.summary(this.option(paramsOf(Params.instrument, params).instrument_name, true))];
      case 'public/ticker':
        return this.ticker(this.option(paramsOf(Params.instrument, params).instrument_name, true));
      case 'public/get_order_book': {
        const { instrument_name, depth } = paramsOf(Params.orderBook, params);
        const option = this.option(instrument_name, true);
        return { ...this.ticker(option), change_id: option.book.changeId, ...option.book.levels(depth) };
      }
      case 'public/auth':
        if (!this.account) throw new RpcError(13004, 'invalid_credentials');
        return this.account.authenticate(paramsOf(AuthParams, params));
    }
    if (context.transport === 'http') {
      if (method === 'private/get_user_trades_by_currency' || method === 'private/get_user_trades_by_currency_and_time') {
        if (!this.account) throw new RpcError(13009, 'unauthorized');
        context.authorize();
        const query = paramsOf(TradesParams, params);
        this.checkCurrency(query.currency);
        if (method.endsWith('_and_time') && (query.start_timestamp === undefined || query.end_timestamp === undefined)) {
          throw new RpcError(-32602, 'Invalid params', { reason: 'start_timestamp and end_timestamp are required', param: 'start_timestamp' });
        }
        return this.account.query(query);
      }
      throw new RpcError(-32601, 'Method not found');
    }
    switch (method) {
      case 'public/subscribe':
        return this.subscribe(context.session, paramsOf(Params.channels, params).channels, context.after);
      case 'public/unsubscribe': {
        const channels = paramsOf(Params.channels, params).channels.filter((channel) => context.session.channels.delete(channel));
        return channels;
      }
      case 'public/unsubscribe_all':
        context.session.channels.clear();
        return 'ok';
      case 'public/set_heartbeat':
        return this.setHeartbeat(context.session, paramsOf(Params.heartbeat, params).interval);
      case 'public/disable_heartbeat':
        if (context.session.heartbeat) clearInterval(context.session.heartbeat.timer);
        context.session.heartbeat = undefined;
        return 'ok';
    }
    throw new RpcError(-32601, 'Method not found');
  }

  private option(name: string, asParam = false): LiveOption {
    const option = this.options.get(name);
    if (option) return option;
    if (asParam) throw new RpcError(-32602, 'Invalid params', { reason: 'instrument not found', param: 'instrument_name' });
    throw new Error(`the venue lists no ${name}`);
  }

  private checkCurrency(currency: string): void {
    if (!this.currencies.includes(currency)) throw new RpcError(-32602, 'Invalid params', { reason: 'wrong format', param: 'currency' });
  }

  private subscribe(session: Session, channels: string[], after: (() => void)[]): string[] {
    for (const channel of channels) {
      if (channel === this.indexChannel()) continue;
      const match = CHANNEL.exec(channel);
      if (!match || !this.options.has(match[2]!)) throw new RpcError(-32602, 'Invalid params', { reason: 'invalid channel', param: channel });
      // Raw feeds need an authorized session on Deribit; this venue serves public data only.
      if (match[3] === 'raw') throw new RpcError(13778, 'raw_subscriptions_not_available_for_unauthorized', { param: channel });
    }
    const added = channels.filter((channel) => !session.channels.has(channel));
    for (const channel of added) session.channels.add(channel);
    // The first notification of a book channel is its snapshot; a ticker channel starts with the current ticker.
    after.push(() => {
      for (const channel of added) {
        const [kind, name] = channel.split('.') as [string, string];
        if (channel === this.indexChannel()) this.notify(session, channel, this.index());
        else if (kind === 'book') this.notify(session, channel, this.bookSnapshot(this.option(name)));
        else if (kind === 'ticker') this.notify(session, channel, this.ticker(this.option(name)));
      }
    });
    return channels;
  }

  private setHeartbeat(session: Session, interval: number): string {
    if (!(interval >= this.minHeartbeatSeconds)) {
      throw new RpcError(-32602, 'Invalid params', { reason: `interval must be at least ${this.minHeartbeatSeconds}`, param: 'interval' });
    }
    if (session.heartbeat) clearInterval(session.heartbeat.timer);
    const heartbeat = {
      answered: true,
      timer: setInterval(() => {
        if (!heartbeat.answered) {
          this.endSession(session, true);
          return;
        }
        heartbeat.answered = false;
        this.send(session, { jsonrpc: '2.0', method: 'heartbeat', params: { type: 'test_request' } });
      }, interval * 1000),
    };
    session.heartbeat = heartbeat;
    return 'ok';
  }

  private notify(session: Session, channel: string, data: unknown): void {
    this.send(session, { jsonrpc: '2.0', method: 'subscription', params: { channel, data } });
  }

  private publish(kind: 'book' | 'ticker' | 'trades', name: string, data: unknown): void {
    const prefix = `${kind}.${name}.`;
    for (const session of this.sessions.values()) {
      for (const channel of session.channels) if (channel.startsWith(prefix)) this.notify(session, channel, data);
    }
  }

  private publishChange(option: LiveOption, bids: LevelChange[], asks: LevelChange[]): void {
    const prev = option.book.changeId;
    option.book.changeId = prev + 1;
    this.publish('book', option.fixture.instrument_name, {
      type: 'change',
      timestamp: this.now(),
      prev_change_id: prev,
      instrument_name: option.fixture.instrument_name,
      change_id: option.book.changeId,
      bids,
      asks,
    });
  }

  // ---- Deribit's shapes ----

  private indexChannel(): string {
    return `deribit_price_index.${this.currency.toLowerCase()}_usd`;
  }

  private index(): object {
    return { index_name: `${this.currency.toLowerCase()}_usd`, price: this.indexPrice, timestamp: this.indexTime };
  }

  private currencyInfo(currency: string): object {
    return {
      currency,
      currency_long: currency === 'BTC' ? 'Bitcoin' : currency,
      coin_type: currency === 'BTC' ? 'BITCOIN' : currency,
      fee_precision: 4,
      min_confirmations: 1,
      min_withdrawal_fee: 0.0001,
      withdrawal_fee: 0.0001,
      withdrawal_priorities: [],
      apr: 0,
      in_cross_collateral_pool: true,
    };
  }

  private instrumentInfo(fixture: FixtureOption): Record<string, unknown> {
    return {
      instrument_name: fixture.instrument_name,
      instrument_id: fixture.change_id % 1_000_000,
      kind: 'option',
      option_type: fixture.option_type,
      strike: fixture.strike,
      expiration_timestamp: fixture.expiration_timestamp,
      creation_timestamp: this.clockOrigin - 86_400_000,
      settlement_period: settlementPeriod(fixture.expiration_timestamp),
      base_currency: this.currency,
      counter_currency: 'USD',
      quote_currency: this.currency,
      settlement_currency: this.currency,
      price_index: `${this.currency.toLowerCase()}_usd`,
      contract_size: 1,
      min_trade_amount: 0.1,
      tick_size: OPTION_TICK,
      tick_size_steps: [],
      taker_commission: 0.0003,
      maker_commission: 0.0003,
      block_trade_commission: 0.0003,
      block_trade_min_trade_amount: 25,
      block_trade_tick_size: 0.0001,
      is_active: true,
      rfq: false,
    };
  }

  private ticker(option: LiveOption): object {
    const { fixture } = option;
    const { bid, ask } = option.book.best();
    return {
      timestamp: option.timestamp,
      state: fixture.state,
      stats: fixture.stats,
      settlement_price: fixture.settlement_price,
      open_interest: fixture.open_interest,
      min_price: fixture.min_price,
      max_price: fixture.max_price,
      mark_price: fixture.mark_price,
      mark_iv: fixture.mark_iv,
      last_price: fixture.last_price,
      interest_rate: fixture.interest_rate,
      instrument_name: fixture.instrument_name,
      index_price: fixture.index_price,
      greeks: fixture.greeks,
      estimated_delivery_price: fixture.estimated_delivery_price,
      underlying_price: fixture.underlying_price,
      underlying_index: fixture.underlying_index,
      bid_iv: fixture.bid_iv,
      ask_iv: fixture.ask_iv,
      best_bid_price: bid?.[0] ?? 0,
      best_bid_amount: bid?.[1] ?? 0,
      best_ask_price: ask?.[0] ?? 0,
      best_ask_amount: ask?.[1] ?? 0,
    };
  }

  private summary(option: LiveOption): object {
    const { fixture } = option;
    const { bid, ask } = option.book.best();
    return {
      instrument_name: fixture.instrument_name,
      base_currency: this.currency,
      quote_currency: this.currency,
      creation_timestamp: this.now(),
      underlying_index: fixture.underlying_index,
      underlying_price: fixture.underlying_price,
      estimated_delivery_price: fixture.estimated_delivery_price,
      interest_rate: fixture.interest_rate,
      mark_price: fixture.mark_price,
      mark_iv: fixture.mark_iv,
      bid_price: bid?.[0] ?? null,
      ask_price: ask?.[0] ?? null,
      mid_price: bid && ask ? (bid[0] + ask[0]) / 2 : null,
      open_interest: fixture.open_interest,
      volume: fixture.stats.volume ?? 0,
      price_change: fixture.stats.price_change,
      high: fixture.stats.high,
      low: fixture.stats.low,
      last: fixture.last_price,
    };
  }

  private bookSnapshot(option: LiveOption): object {
    const { bids, asks } = option.book.levels();
    const entry = ([price, amount]: Level) => ['new', price, amount];
    return {
      type: 'snapshot',
      timestamp: this.now(),
      instrument_name: option.fixture.instrument_name,
      change_id: option.book.changeId,
      bids: bids.map(entry),
      asks: asks.map(entry),
    };
  }
}

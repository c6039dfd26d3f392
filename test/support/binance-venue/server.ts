/**
 * A local Binance for tests: the options (eapi) REST endpoints ccxt's binance class calls for
 * market data (GET /eapi/v1/exchangeInfo, /ticker, /mark, /index, /depth) and the options
 * websocket streams (/public/ws/<n>: SUBSCRIBE to <symbol>@depth@100ms, answered {result: null,
 * id}, then depthUpdate events), bound to 127.0.0.1, in Binance's documented shapes
 * (developers.binance.com, Options: numbers as strings; an error {code, msg} with an HTTP status;
 * a book snapshot {T, u, bids, asks}; a diff {e: depthUpdate, E, T, s, U, u, pu, b, a}).
 *
 * The numbers are Deribit's, re-shaped: a recorded Deribit chain (the CSV fixtures) listed as
 * Binance's USDT options. Binance names an option BTC-200522-9250-P (expiry as yymmdd); it is
 * priced in USDT per coin, so each price is Deribit's coin price times the row's index price, to
 * the cent; a contract (`unit`) is one coin, so amounts stay; IVs become fractions (bidIV, askIV,
 * markIV); the index is the row's index price. Binance's ticker has no sizes and it states no
 * forward.
 */
import type { WebSocket } from 'ws';
import type { Level } from '../deribit-venue/venue-book';
import { inUsd, LocalVenue, type Answer, type LiveOption } from '../local-venue/server';

/** Binance's expiry code: yymmdd (UTC). */
function yymmdd(expiry: number): string {
  return new Date(expiry).toISOString().slice(2, 10).replaceAll('-', '');
}

const STREAM = /^(.+)@depth(?:@(?:100|500|1000)ms)?$/;

export class BinanceVenue extends LocalVenue {
  private readonly underlying: string;

  private constructor(chainFile: string) {
    super(chainFile, (fixture) => {
      const [coin, , strike, cp] = fixture.instrument_name.split('-');
      return `${coin}-${yymmdd(fixture.expiration_timestamp)}-${strike}-${cp}`;
    });
    this.underlying = `${this.coin}USDT`;
  }

  static async start(options: { chainFile: string }): Promise<BinanceVenue> {
    const venue = new BinanceVenue(options.chainFile);
    await venue.listen('/public/ws', { prefix: true });
    return venue;
  }

  /** The underlying's index (GET /eapi/v1/index): the chain's first row's index price (Deribit's rows differ by cents as they were taken). */
  index(): number {
    return this.options.values().next().value!.fixture.index_price;
  }

  /** The next request to `path` is answered with a Binance error, e.g. -1003 (too many requests, HTTP 429). */
  failNext(path: string, code: number, msg: string, httpStatus = 400): void {
    this.failNextWith(path, { status: httpStatus, body: { code, msg } });
  }

  /**
   * Set levels (coin prices and amounts, 0 removes); subscribers get one diff whose update ids
   * follow the last (pu = the previous u), or, with `gap`, one that skips an update.
   */
  changeBook(name: string, change: { bids?: Level[]; asks?: Level[] }, options: { gap?: boolean } = {}): void {
    const option = this.option(name);
    option.book.apply('bids', change.bids ?? []);
    option.book.apply('asks', change.asks ?? []);
    option.book.changeId += options.gap ? 2 : 1;
    // One update a diff: U = u; its pu is the update before it, which a gap's receiver never saw.
    const u = option.book.changeId;
    const pu = u - 1;
    const time = this.now();
    const levels = (side: Level[] = []) => binanceLevels(option, side);
    this.publish(option, { e: 'depthUpdate', E: time, T: time, s: option.id, U: u, u, pu, b: levels(change.bids), a: levels(change.asks) });
  }

  // ---- REST ----

  protected answer(path: string, query: Record<string, string>): Answer {
    const options = [...this.options.values()];
    switch (path) {
      case '/eapi/v1/exchangeInfo':
        return ok({
          timezone: 'UTC',
          serverTime: this.now(),
          optionContracts: [{ id: 1, baseAsset: this.coin, quoteAsset: 'USDT', underlying: this.underlying, settleAsset: 'USDT' }],
          optionAssets: [{ id: 1, name: 'USDT' }],
          optionSymbols: options.map((option, i) => this.symbol(option, i)),
          rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
        });
      case '/eapi/v1/ticker':
        return ok(options.map((option) => this.ticker(option)));
      case '/eapi/v1/mark':
        return ok(options.map((option) => this.mark(option)));
      case '/eapi/v1/index':
        if (query.underlying !== this.underlying) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
        return ok({ time: this.now(), indexPrice: String(this.index()) });
      case '/eapi/v1/depth': {
        const option = this.byId.get(query.symbol ?? '');
        if (!option) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
        const { bids, asks } = option.book.levels(Number(query.limit ?? 100));
        return ok({ bids: binanceLevels(option, bids), asks: binanceLevels(option, asks), T: this.now(), u: option.book.changeId });
      }
      default:
        return { status: 404, body: { code: -5000, msg: `no ${path} here` } };
    }
  }

  private symbol({ fixture, id }: LiveOption, index: number): object {
    return {
      contractId: 1,
      expiryDate: fixture.expiration_timestamp,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
        { filterType: 'LOT_SIZE', minQty: '0.01', maxQty: '1000', stepSize: '0.01' },
      ],
      id: index + 1,
      symbol: id,
      side: fixture.option_type === 'call' ? 'CALL' : 'PUT',
      strikePrice: fixture.strike.toFixed(8),
      underlying: this.underlying,
      unit: 1,
      makerFeeRate: '0.00020000',
      takerFeeRate: '0.00020000',
      minQty: '0.01',
      maxQty: '1000',
      initialMargin: '0.15000000',
      maintenanceMargin: '0.07500000',
      minInitialMargin: '0.10000000',
      minMaintenanceMargin: '0.05000000',
      priceScale: 2,
      quantityScale: 2,
      quoteAsset: 'USDT',
    };
  }

  private ticker({ fixture, id, book }: LiveOption): object {
    const { bid, ask } = book.best();
    const last = fixture.last_price === null ? '0' : String(inUsd(fixture, fixture.last_price));
    return {
      symbol: id,
      priceChange: '0',
      priceChangePercent: '0',
      lastPrice: last,
      lastQty: '0',
      open: last,
      high: last,
      low: last,
      volume: String(fixture.stats.volume ?? 0),
      amount: '0',
      bidPrice: bid ? String(inUsd(fixture, bid[0])) : '0',
      askPrice: ask ? String(inUsd(fixture, ask[0])) : '0',
      openTime: fixture.timestamp - 86_400_000,
      closeTime: fixture.timestamp,
      firstTradeId: 0,
      tradeCount: 0,
      strikePrice: String(fixture.strike),
      exercisePrice: String(fixture.index_price),
    };
  }

  private mark({ fixture, id }: LiveOption): object {
    return {
      symbol: id,
      markPrice: String(inUsd(fixture, fixture.mark_price)),
      bidIV: String(fixture.bid_iv / 100),
      askIV: String(fixture.ask_iv / 100),
      markIV: String(fixture.mark_iv / 100),
      delta: String(fixture.greeks.delta),
      theta: String(fixture.greeks.theta),
      gamma: String(fixture.greeks.gamma),
      vega: String(fixture.greeks.vega),
      highPriceLimit: String(inUsd(fixture, fixture.max_price)),
      lowPriceLimit: String(inUsd(fixture, fixture.min_price)),
      riskFreeInterest: String(fixture.interest_rate),
    };
  }

  // ---- websocket ----

  protected onMessage(socket: WebSocket, text: string): void {
    let request: { method?: unknown; params?: unknown; id?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return void socket.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null }));
    }
    const { method, params, id } = request;
    if ((method !== 'SUBSCRIBE' && method !== 'UNSUBSCRIBE') || !Array.isArray(params)) {
      return void socket.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: unknown method ${String(method)}` }, id }));
    }
    const streams = (params as unknown[]).map((stream) => ({ stream: String(stream), option: this.byId.get(STREAM.exec(String(stream))?.[1]?.toUpperCase() ?? '') }));
    const unknown = streams.find(({ option }) => !option);
    if (unknown) return void socket.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: unknown stream ${unknown.stream}` }, id }));
    const ids = this.sockets.get(socket)!;
    for (const { option } of streams) {
      if (method === 'SUBSCRIBE') ids.add(option!.id);
      else ids.delete(option!.id);
    }
    socket.send(JSON.stringify({ result: null, id }));
  }
}

/** Levels as Binance states them: [price in USDT, quantity in contracts of one coin] as strings. */
function binanceLevels(option: LiveOption, levels: readonly Level[]): string[][] {
  return levels.map(([price, amount]) => [String(inUsd(option.fixture, price)), String(amount)]);
}

function ok(body: object): Answer {
  return { status: 200, body };
}

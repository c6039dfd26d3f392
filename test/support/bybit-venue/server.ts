/**
 * A local Bybit for tests: the v5 REST endpoints ccxt's bybit class calls for options market data
 * (GET /v5/market/instruments-info and /v5/market/tickers, category option) and the public option
 * websocket (/v5/public/option: subscribe to orderbook.{25|100}.{symbol}, the JSON ping), bound to
 * 127.0.0.1, in Bybit's documented shapes (bybit-exchange.github.io/docs/v5: every REST answer
 * {retCode, retMsg, result, retExtInfo, time}, numbers as strings; a book message {topic, type:
 * snapshot|delta, ts, data: {s, b, a, u, seq}}).
 *
 * The numbers are Deribit's, re-shaped: a recorded Deribit chain (the CSV fixtures) listed as
 * Bybit's USDC options. Bybit names options as Deribit does; its USDC options are priced in USDC,
 * so each price is Deribit's coin price times the row's index price, to the cent; a contract is
 * one coin, so amounts stay; IVs become fractions. Besides the chain, each option is listed once
 * more as a USDT-settled twin (Bybit's newer options, e.g. BTC-22MAY20-9250-P-USDT) quoting its
 * USDC sibling's book and ticker at the same numbers (USDT taken at 1 USDC).
 */
import type { WebSocket } from 'ws';
import type { Level } from '../deribit-venue/venue-book';
import { inUsd, LocalVenue, type Answer, type LiveOption } from '../local-venue/server';

const TOPIC = /^orderbook\.(25|100)\.(.+)$/;
/** Bybit's suffix of a USDT-settled option's symbol. */
const USDT = '-USDT';

export class BybitVenue extends LocalVenue {
  private nextUpdate = 1;

  private constructor(chainFile: string) {
    super(chainFile, (fixture) => fixture.instrument_name);
    for (const option of [...this.byId.values()]) this.byId.set(option.id + USDT, option);
  }

  static async start(options: { chainFile: string }): Promise<BybitVenue> {
    const venue = new BybitVenue(options.chainFile);
    await venue.listen('/v5/public/option');
    return venue;
  }

  /** The next request to `path` is answered with a Bybit error (retCode), e.g. 10006 too many visits. */
  failNext(path: string, retCode: number, retMsg: string, httpStatus = 200): void {
    this.failNextWith(path, { status: httpStatus, body: { retCode, retMsg, result: {}, retExtInfo: {}, time: this.now() } });
  }

  /** Set levels (coin prices and amounts, 0 removes); subscribers get one delta. */
  changeBook(name: string, change: { bids?: Level[]; asks?: Level[] }): void {
    const option = this.option(name);
    option.book.apply('bids', change.bids ?? []);
    option.book.apply('asks', change.asks ?? []);
    const levels = (side: Level[] = []) => side.map(([price, amount]) => [String(inUsd(option.fixture, price)), String(amount)]);
    const [b, a, u] = [levels(change.bids), levels(change.asks), this.nextUpdate++];
    for (const [socket, ids] of this.sockets) {
      for (const id of [option.id, option.id + USDT]) {
        if (ids.has(id)) socket.send(JSON.stringify({ topic: `orderbook.25.${id}`, type: 'delta', ts: this.now(), data: { s: id, b, a, u, seq: u + 1 } }));
      }
    }
  }

  protected answer(path: string, query: Record<string, string>): Answer {
    const ours = query.category === 'option' && (query.baseCoin === undefined || query.baseCoin === this.coin);
    const options = ours ? [...this.options.values()] : [];
    switch (path) {
      case '/v5/market/instruments-info':
        // One page: the cursor of a last page is empty.
        return ok({ category: 'option', nextPageCursor: '', list: options.flatMap((option) => [this.instrument(option, 'USDC'), this.instrument(option, 'USDT')]) }, this.now());
      case '/v5/market/tickers':
        return ok({ category: 'option', list: options.flatMap((option) => [this.ticker(option, option.id), this.ticker(option, option.id + USDT)]) }, this.now());
      default:
        return { status: 404, body: { retCode: 10001, retMsg: `no ${path} here`, result: {}, retExtInfo: {}, time: this.now() } };
    }
  }

  private instrument({ fixture, id }: LiveOption, settleCoin: 'USDC' | 'USDT'): object {
    return {
      symbol: settleCoin === 'USDC' ? id : id + USDT,
      status: 'Trading',
      baseCoin: this.coin,
      quoteCoin: 'USD',
      settleCoin,
      optionsType: fixture.option_type === 'call' ? 'Call' : 'Put',
      launchTime: String(fixture.expiration_timestamp - 30 * 86_400_000),
      deliveryTime: String(fixture.expiration_timestamp),
      deliveryFeeRate: '0.00015',
      priceFilter: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
      lotSizeFilter: { maxOrderQty: '1000', minOrderQty: '0.01', qtyStep: '0.01' },
    };
  }

  private ticker({ fixture, book }: LiveOption, symbol: string): object {
    const { bid, ask } = book.best();
    return {
      symbol,
      bid1Price: bid ? String(inUsd(fixture, bid[0])) : '0',
      bid1Size: bid ? String(bid[1]) : '0',
      bid1Iv: bid ? String(fixture.bid_iv / 100) : '0',
      ask1Price: ask ? String(inUsd(fixture, ask[0])) : '0',
      ask1Size: ask ? String(ask[1]) : '0',
      ask1Iv: ask ? String(fixture.ask_iv / 100) : '0',
      lastPrice: fixture.last_price === null ? '0' : String(inUsd(fixture, fixture.last_price)),
      markPrice: String(inUsd(fixture, fixture.mark_price)),
      markIv: String(fixture.mark_iv / 100),
      indexPrice: String(fixture.index_price),
      underlyingPrice: String(fixture.underlying_price),
      openInterest: String(fixture.open_interest),
      delta: String(fixture.greeks.delta),
      gamma: String(fixture.greeks.gamma),
      vega: String(fixture.greeks.vega),
      theta: String(fixture.greeks.theta),
      totalVolume: String(fixture.stats.volume ?? 0),
      change24h: '0',
    };
  }

  protected onMessage(socket: WebSocket, text: string): void {
    let request: { op?: unknown; args?: unknown; req_id?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return void socket.send(JSON.stringify({ success: false, ret_msg: 'error:invalid op', conn_id: 'local', op: '' }));
    }
    const reply = (success: boolean, ret_msg: string) => socket.send(JSON.stringify({ success, ret_msg, conn_id: 'local', req_id: request.req_id, op: request.op }));
    if (request.op === 'ping') return reply(true, 'pong');
    if ((request.op !== 'subscribe' && request.op !== 'unsubscribe') || !Array.isArray(request.args)) return reply(false, 'error:invalid op');
    const ids = this.sockets.get(socket)!;
    const topics = (request.args as unknown[]).map((topic) => ({ topic: String(topic), match: TOPIC.exec(String(topic)) }));
    const unknown = topics.find(({ match }) => !match || !this.byId.has(match[2]!));
    if (unknown) return reply(false, `error:handler not found,topic:${unknown.topic}`);
    reply(true, '');
    for (const { topic, match } of topics) {
      const id = match![2]!;
      const option = this.byId.get(id)!;
      if (request.op === 'unsubscribe') {
        ids.delete(id);
        continue;
      }
      ids.add(id);
      const { bids, asks } = option.book.levels(Number(match![1]));
      const levels = (side: Level[]) => side.map(([price, amount]) => [String(inUsd(option.fixture, price)), String(amount)]);
      const data = { s: id, b: levels(bids), a: levels(asks), u: this.nextUpdate++, seq: this.nextUpdate };
      socket.send(JSON.stringify({ topic, type: 'snapshot', ts: this.now(), data }));
    }
  }
}

function ok(result: object, time: number): Answer {
  return { status: 200, body: { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time } };
}

/**
 * A local OKX for tests: the v5 REST endpoints ccxt's okx class calls for options market data
 * (GET /api/v5/public/instruments, /api/v5/market/tickers, /api/v5/public/opt-summary,
 * /api/v5/public/mark-price) and the public websocket (/ws/v5/public: subscribe to `books`, the text
 * ping/pong), bound to 127.0.0.1 on an ephemeral port, in OKX's documented shapes
 * (www.okx.com/docs-v5/en: every REST answer {code, msg, data}, numbers as strings; a book
 * message {arg, action: snapshot|update, data: [{asks, bids, ts, checksum, seqId, prevSeqId}]}).
 *
 * The numbers are Deribit's, re-shaped: a recorded Deribit chain (the CSV fixtures) listed as
 * OKX's BTC-USD options. OKX's BTC option is also coin-settled and priced in BTC, so prices stay;
 * names become OKX's (BTC-22MAY20-9250-P -> BTC-USD-200522-9250-P); amounts become contracts of
 * ctVal 0.01 BTC; IVs become fractions (OKX's bidVol/askVol/markVol); the forward (fwdPx) is
 * Deribit's underlying_price.
 *
 * The test moves books (changeBook) and injects faults: a dropped connection, raw (malformed)
 * frames, error events, a sequence gap, planned REST errors and rate-limit refusals (OKX's 50011,
 * HTTP 429).
 */
import zlib from 'node:zlib';
import type { WebSocket } from 'ws';
import type { Level } from '../deribit-venue/venue-book';
import { LocalVenue, type Answer, type LiveOption } from '../local-venue/server';

/** OKX's BTC option contract: 0.01 BTC (ctVal). */
export const OKX_BTC_CONTRACT = 0.01;
const OPTION_TICK = '0.0005';

/** OKX's expiry code: yymmdd (UTC). */
function yymmdd(expiry: number): string {
  return new Date(expiry).toISOString().slice(2, 10).replaceAll('-', '');
}

/** An amount in coin as OKX contracts (whole contracts: the fixtures' amounts are multiples of 0.1 BTC). */
function contracts(amount: number): string {
  return String(Math.round(amount / OKX_BTC_CONTRACT));
}

/** OKX's book checksum: CRC32 (signed) of the top 25 bids and asks interleaved as price:size. */
function checksum(bids: string[][], asks: string[][]): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    if (bids[i]) parts.push(`${bids[i]![0]}:${bids[i]![1]}`);
    if (asks[i]) parts.push(`${asks[i]![0]}:${asks[i]![1]}`);
  }
  return zlib.crc32(parts.join(':')) | 0;
}

function okxLevels(levels: readonly Level[]): string[][] {
  return levels.map(([price, amount]) => [String(price), amount === 0 ? '0' : contracts(amount), '0', amount === 0 ? '0' : '1']);
}

export class OkxVenue extends LocalVenue {
  private readonly uly: string;

  private constructor(chainFile: string) {
    super(chainFile, (fixture) => {
      const [coin, , strike, cp] = fixture.instrument_name.split('-');
      return `${coin}-USD-${yymmdd(fixture.expiration_timestamp)}-${strike}-${cp}`;
    });
    this.uly = `${this.coin}-USD`;
  }

  static async start(options: { chainFile: string }): Promise<OkxVenue> {
    const venue = new OkxVenue(options.chainFile);
    await venue.listen('/ws/v5/public');
    return venue;
  }

  /** The next request to `path` (e.g. /api/v5/market/tickers) is answered with an OKX error. */
  failNext(path: string, code: string, msg: string, httpStatus = 400): void {
    this.failNextWith(path, { status: httpStatus, body: { code, msg, data: [] } });
  }

  /** Set levels (amount in coin, 0 removes); subscribers get one update, or, with `gap`, one that skips a seqId. */
  changeBook(name: string, change: { bids?: Level[]; asks?: Level[] }, options: { gap?: boolean } = {}): void {
    const option = this.option(name);
    option.book.apply('bids', change.bids ?? []);
    option.book.apply('asks', change.asks ?? []);
    const prevSeqId = option.book.changeId;
    option.book.changeId += options.gap ? 2 : 1;
    const { bids, asks } = option.book.levels(25);
    const data = {
      asks: okxLevels(change.asks ?? []),
      bids: okxLevels(change.bids ?? []),
      ts: String(this.now()),
      checksum: checksum(okxLevels(bids), okxLevels(asks)),
      seqId: option.book.changeId,
      prevSeqId: options.gap ? prevSeqId + 1 : prevSeqId,
    };
    this.publish(option, { arg: { channel: 'books', instId: option.id }, action: 'update', data: [data] });
  }

  /** An error event to every connection, as OKX sends one for a request it refuses. */
  sendError(code: string, msg: string): void {
    this.sendRaw(JSON.stringify({ event: 'error', code, msg, connId: 'local' }));
  }

  // ---- REST ----

  protected answer(path: string, query: Record<string, string>): Answer {
    const ours = query.uly === undefined || query.uly === this.uly || query.instFamily === this.uly;
    const options = ours ? [...this.options.values()] : [];
    switch (path) {
      case '/api/v5/public/instruments':
        return ok(query.instType === 'OPTION' ? options.map((option) => this.instrument(option)) : []);
      case '/api/v5/market/tickers':
        return ok(query.instType === 'OPTION' ? options.map((option) => this.ticker(option)) : []);
      case '/api/v5/public/opt-summary':
        return ok(options.map((option) => this.summary(option)));
      case '/api/v5/public/mark-price':
        return ok(query.instType === 'OPTION' ? options.map(({ fixture, id }) => ({ instType: 'OPTION', instId: id, markPx: String(fixture.mark_price), ts: String(fixture.timestamp) })) : []);
      default:
        return { status: 404, body: { code: '50000', msg: `no ${path} here`, data: [] } };
    }
  }

  private instrument({ fixture, id: instId }: LiveOption): object {
    return {
      instType: 'OPTION',
      instId,
      uly: this.uly,
      instFamily: this.uly,
      baseCcy: '',
      quoteCcy: '',
      settleCcy: instId.split('-')[0],
      ctVal: String(OKX_BTC_CONTRACT),
      ctMult: '1',
      ctValCcy: instId.split('-')[0],
      optType: fixture.option_type === 'call' ? 'C' : 'P',
      stk: String(fixture.strike),
      listTime: String(fixture.expiration_timestamp - 30 * 86_400_000),
      expTime: String(fixture.expiration_timestamp),
      lever: '',
      tickSz: OPTION_TICK,
      lotSz: '1',
      minSz: '1',
      ctType: '',
      state: 'live',
      maxLmtSz: '10000',
      maxMktSz: '5000',
    };
  }

  private ticker({ fixture, id: instId, book }: LiveOption): object {
    const { bid, ask } = book.best();
    return {
      instType: 'OPTION',
      instId,
      last: fixture.last_price === null ? '' : String(fixture.last_price),
      lastSz: '',
      askPx: ask ? String(ask[0]) : '',
      askSz: ask ? contracts(ask[1]) : '',
      bidPx: bid ? String(bid[0]) : '',
      bidSz: bid ? contracts(bid[1]) : '',
      open24h: '',
      high24h: '',
      low24h: '',
      volCcy24h: String(fixture.stats.volume ?? 0),
      vol24h: '',
      ts: String(fixture.timestamp),
      sodUtc0: '',
      sodUtc8: '',
    };
  }

  private summary({ fixture, id: instId }: LiveOption): object {
    return {
      instType: 'OPTION',
      instId,
      uly: this.uly,
      delta: String(fixture.greeks.delta),
      gamma: String(fixture.greeks.gamma),
      vega: String(fixture.greeks.vega),
      theta: String(fixture.greeks.theta),
      lever: '',
      markVol: String(fixture.mark_iv / 100),
      bidVol: String(fixture.bid_iv / 100),
      askVol: String(fixture.ask_iv / 100),
      realVol: '',
      deltaBS: '',
      gammaBS: '',
      thetaBS: '',
      vegaBS: '',
      ts: String(fixture.timestamp),
      fwdPx: String(fixture.underlying_price),
      volLv: '',
    };
  }

  // ---- websocket ----

  protected onMessage(socket: WebSocket, text: string): void {
    if (text === 'ping') return void socket.send('pong');
    let request: { op?: unknown; args?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return void socket.send(JSON.stringify({ event: 'error', code: '60012', msg: `Invalid request: ${text}` }));
    }
    if ((request.op !== 'subscribe' && request.op !== 'unsubscribe') || !Array.isArray(request.args)) {
      return void socket.send(JSON.stringify({ event: 'error', code: '60012', msg: `Invalid request: ${text}` }));
    }
    const channels = this.sockets.get(socket)!;
    for (const arg of request.args as { channel?: string; instId?: string }[]) {
      const option = this.byId.get(arg.instId ?? '');
      if (arg.channel !== 'books' || !option) {
        socket.send(JSON.stringify({ event: 'error', code: '60018', msg: `Wrong URL or channel:${arg.channel},instId:${arg.instId} doesn't exist` }));
        continue;
      }
      if (request.op === 'unsubscribe') {
        channels.delete(option.id);
        socket.send(JSON.stringify({ event: 'unsubscribe', arg, connId: 'local' }));
        continue;
      }
      channels.add(option.id);
      socket.send(JSON.stringify({ event: 'subscribe', arg, connId: 'local' }));
      const { bids, asks } = option.book.levels(400);
      const [okxBids, okxAsks] = [okxLevels(bids), okxLevels(asks)];
      const data = { asks: okxAsks, bids: okxBids, ts: String(this.now()), checksum: checksum(okxBids, okxAsks), seqId: option.book.changeId, prevSeqId: -1 };
      socket.send(JSON.stringify({ arg: { channel: 'books', instId: option.id }, action: 'snapshot', data: [data] }));
    }
  }
}

function ok(data: object[]): Answer {
  return { status: 200, body: { code: '0', msg: '', data } };
}

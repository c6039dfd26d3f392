/**
 * The plumbing every local venue for the ccxt options adapter shares: a recorded Deribit chain
 * (the CSV fixtures) as live books, one HTTP server on 127.0.0.1 (an ephemeral port) with a
 * websocket path on it, the requests recorded, planned REST errors, and the faults a test injects
 * (dropped connections, raw frames). Each venue (okx-venue, bybit-venue, binance-venue) re-shapes the chain into
 * its own names, REST answers and websocket messages.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { readFixtureChain, type FixtureOption } from '../deribit-venue/fixture-chain';
import { VenueBook } from '../deribit-venue/venue-book';

export interface LiveOption {
  fixture: FixtureOption;
  /** The venue's own name of the option. */
  id: string;
  book: VenueBook;
}

/** A coin price of the fixture in USD (a stablecoin: Bybit's USDC, Binance's USDT), to the cent. */
export function inUsd(fixture: FixtureOption, coinPrice: number): number {
  return Math.round(coinPrice * fixture.index_price * 100) / 100;
}

export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  at: number;
}

/** A REST answer: HTTP status and JSON body. */
export interface Answer {
  status: number;
  body: object;
}

export abstract class LocalVenue {
  readonly requests: RecordedRequest[] = [];
  protected readonly options = new Map<string, LiveOption>();
  protected readonly byId = new Map<string, LiveOption>();
  /** Each open connection's subscribed option ids. */
  protected readonly sockets = new Map<WebSocket, Set<string>>();
  private readonly planned: { path: string; answer: Answer }[] = [];
  private server?: http.Server;
  private wss?: WebSocketServer;
  /** The coin of the chain (BTC). */
  protected readonly coin: string;
  private readonly clockOrigin: number;
  private readonly startedAt = performance.now();
  url = '';

  protected constructor(chainFile: string, venueId: (fixture: FixtureOption) => string) {
    const rows = readFixtureChain(chainFile);
    for (const fixture of rows) {
      const option = { fixture, id: venueId(fixture), book: new VenueBook(fixture.bids, fixture.asks, 1) };
      this.options.set(fixture.instrument_name, option);
      this.byId.set(option.id, option);
    }
    const coins = new Set(rows.map((row) => row.instrument_name.split('-')[0]!));
    if (coins.size !== 1) throw new Error(`${chainFile}: expected one coin, found ${[...coins].join(', ')}`);
    this.coin = [...coins][0]!;
    this.clockOrigin = Math.max(...rows.map((row) => row.timestamp));
  }

  /** The venue's clock: the chain's recording time, moving on in real time since the start. */
  now(): number {
    return Math.round(this.clockOrigin + performance.now() - this.startedAt);
  }

  /** The venue's REST answer to GET path?query. */
  protected abstract answer(path: string, query: Record<string, string>): Answer;
  /** A websocket frame from the client. */
  protected abstract onMessage(socket: WebSocket, text: string): void;

  /** The venue's own name of a fixture option (its Deribit name). */
  venueName(name: string): string {
    return this.option(name).id;
  }

  fixture(name: string): FixtureOption {
    return this.option(name).fixture;
  }

  instrumentNames(): string[] {
    return [...this.options.keys()];
  }

  /** Option ids subscribed on each open connection. */
  subscriptions(): string[][] {
    return [...this.sockets.values()].map((ids) => [...ids]);
  }

  /** The next request to `path` gets this answer instead (an error, a refusal). */
  protected failNextWith(path: string, answer: Answer): void {
    this.planned.push({ path, answer });
  }

  /** A frame that is not the venue's JSON, to every connection. */
  sendRaw(text: string): void {
    for (const socket of this.sockets.keys()) socket.send(text);
  }

  /** Cut every websocket connection (no close handshake), as a lost link does. */
  dropConnections(): void {
    for (const socket of this.sockets.keys()) socket.terminate();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.keys()) socket.terminate();
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()));
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  protected publish(option: LiveOption, message: object): void {
    const text = JSON.stringify(message);
    for (const [socket, ids] of this.sockets) if (ids.has(option.id)) socket.send(text);
  }

  protected option(name: string): LiveOption {
    const option = this.options.get(name);
    if (!option) throw new Error(`the local venue lists no ${name}`);
    return option;
  }

  /** Serve REST, and the websocket at `wsPath` (or, with `prefix`, at every path under it: Binance numbers its streams /public/ws/0, /1 ...). */
  protected async listen(wsPath: string, { prefix = false } = {}): Promise<void> {
    this.server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      this.requests.push({ path: url.pathname, query, at: performance.now() });
      const plannedAt = this.planned.findIndex((p) => p.path === url.pathname);
      const { status, body } = plannedAt >= 0 ? this.planned.splice(plannedAt, 1)[0]!.answer : this.answer(url.pathname, query);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    this.wss = new WebSocketServer({ server: this.server, ...(prefix ? {} : { path: wsPath }) });
    if (prefix) this.wss.shouldHandle = (request) => new URL(request.url ?? '/', 'http://127.0.0.1').pathname.startsWith(`${wsPath}/`);
    this.wss.on('connection', (socket) => {
      this.sockets.set(socket, new Set());
      socket.on('message', (data) => this.onMessage(socket, String(data)));
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

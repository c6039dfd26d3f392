/**
 * ccxt's Deribit websocket client with what a market-data desk needs and ccxt 4.5 does not do:
 *   - every book notification is emitted as it arrives, with change_id / prev_change_id (ccxt
 *     merges deltas into its cached book and drops the sequence, so gaps would pass unseen), and
 *     ccxt's cached book is reset on a snapshot (ccxt applies a snapshot as deltas on top of the
 *     old book, so levels removed while resubscribing would linger);
 *   - Deribit's heartbeat: `public/set_heartbeat` on connect and a `public/test` answer to each
 *     test_request (unanswered, Deribit closes the connection; any frame is a sign of life);
 *   - the coin index channel deribit_price_index.{coin}_usd, which ccxt has no watcher for;
 *   - JSON-RPC error replies and unreadable frames are reported, not thrown: ccxt throws on an
 *     error reply, which rejects every watcher of the connection without saying which request failed.
 * The link's own needs (drop, the live connection, guarded sends) are ccxt-feed-client.ts's.
 * Frames from a connection the adapter has dropped are ignored.
 */
import { pro } from 'ccxt';
import { feedClient } from '../ccxt-feed-client';
import type { MarketEvent } from '../events';
import { normalizeBook, normalizeIndex, normalizeTicker, normalizeTrades } from './normalize';

type WsClient = Parameters<InstanceType<typeof pro.deribit>['handleOrderBook']>[0];
type Message = Record<string, unknown>;

/** What the client tells its adapter. */
export interface DeribitSink {
  /** A normalized event from the live connection. */
  event(event: MarketEvent): void;
  /** Any frame arrived on the live connection. */
  frame(): void;
  /** A frame that is not Deribit's JSON-RPC, or a notification whose data cannot be read. */
  malformed(what: string): void;
  /** The venue answered a request with a JSON-RPC error. */
  rpcError(code: number, message: string): void;
  /** The websocket is open (subscriptions follow). */
  connected(): void;
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function paramsOf(message: Message): Message {
  return isMessage(message.params) ? message.params : {};
}

const INDEX_CHANNEL = 'deribit_price_index.';

export class DeribitClient extends feedClient(pro.deribit) {
  /** Set by the adapter before the first watch. */
  sink: DeribitSink | undefined;
  venue = 'deribit';
  heartbeatSeconds = 10;

  /** Send one JSON-RPC request on the live connection (no reply is awaited). */
  sendRequest(method: string, params: Record<string, unknown>): boolean {
    const client = this.live();
    if (!client) return false;
    void client.send({ jsonrpc: '2.0', id: this.requestId(), method, params });
    return true;
  }

  /** Watch a coin's index (Deribit's deribit_price_index.{coin}_usd). */
  async watchIndexPrice(coin: string): Promise<number> {
    const channel = `${INDEX_CHANNEL}${coin.toLowerCase()}_usd`;
    const request = { jsonrpc: '2.0', method: 'public/subscribe', params: { channels: [channel] }, id: this.requestId() };
    return (await this.watch(this.urls.api.ws, channel, request, channel, request)) as number;
  }

  override onConnected(client: WsClient): void {
    // Deribit's minimum interval is 10 s; it then sends test_request every interval.
    void client.send({ jsonrpc: '2.0', id: this.requestId(), method: 'public/set_heartbeat', params: { interval: this.heartbeatSeconds } });
    this.sink?.connected();
  }

  override handleMessage(client: WsClient, message: unknown): void {
    if (client !== this.clients[client.url]) return;
    const sink = this.sink;
    sink?.frame();
    if (!isMessage(message)) {
      sink?.malformed('frame');
      return;
    }
    if (message.error !== undefined) {
      const error = isMessage(message.error) ? message.error : {};
      sink?.rpcError(typeof error.code === 'number' ? error.code : NaN, typeof error.message === 'string' ? error.message : 'unknown error');
      return;
    }
    if (message.method === 'heartbeat') {
      if (paramsOf(message).type === 'test_request') this.sendRequest('public/test', {});
      return;
    }
    const params = paramsOf(message);
    const channel = params.channel;
    if (typeof channel === 'string' && channel.startsWith(INDEX_CHANNEL)) {
      const event = normalizeIndex(this.venue, params.data);
      if (!event) return sink?.malformed(channel);
      sink?.event(event);
      client.resolve(event.price, channel);
      return;
    }
    super.handleMessage(client, message);
  }

  override handleOrderBook(client: WsClient, message: Message): void {
    const params = paramsOf(message);
    const event = normalizeBook(this.venue, params.data);
    if (!event) return this.sink?.malformed(String(params.channel));
    if (event.snapshot) delete this.orderbooks[this.safeSymbol(event.instrument)];
    this.sink?.event(event);
    super.handleOrderBook(client, message);
  }

  override handleTicker(client: WsClient, message: Message): void {
    const params = paramsOf(message);
    const event = normalizeTicker(this.venue, params.data);
    if (!event) return this.sink?.malformed(String(params.channel));
    this.sink?.event(event);
    super.handleTicker(client, message);
  }

  override handleTrades(client: WsClient, message: Message): void {
    const params = paramsOf(message);
    const events = normalizeTrades(this.venue, params.data);
    if (!events) return this.sink?.malformed(String(params.channel));
    for (const event of events) this.sink?.event(event);
    super.handleTrades(client, message);
  }
}

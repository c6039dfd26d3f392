/**
 * What every venue's ccxt websocket client needs for a market-data link and ccxt 4.5 does not
 * give, mixed into the venue's ccxt.pro class:
 *   - the open connection, and a way to drop it at once (no close handshake: the link may be
 *     dead) that rejects its watchers, so the watch link reconnects;
 *   - ccxt's watchMultiple sends a subscription through its throttle without handling the send's
 *     failure: a subscription racing a closing socket would be an unhandled rejection. The failure
 *     is the connection's close, which the watch link already handles;
 *   - ccxt logs unparsable frames to the console (and hands them on as text, which most venue
 *     classes ignore and Binance's throws on, failing every watcher of the connection); adapters
 *     see each frame first (onFrame), report them instead and may keep them from the venue class;
 *   - the moment a connection opens (onOpen), for the venue-status event.
 */
import type { Exchange } from 'ccxt';

type WsClient = Exchange['clients'][string];
// A mixin's base must take any constructor arguments (TypeScript's rule for mixin classes).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ExchangeClass = new (...args: any[]) => Exchange;

const guarded = new WeakSet<object>();

export function feedClient<Base extends ExchangeClass>(base: Base) {
  return class FeedClient extends base {
    /** Each frame of a connection, parsed (JSON) or as text, before the venue's handlers; one it returns false for goes no further. */
    onFrame: ((message: unknown) => boolean) | undefined;
    /** A connection opened. */
    onOpen: (() => void) | undefined;

    override handleMessage(client: WsClient, message: unknown): void {
      if (this.onFrame?.(message) === false) return;
      super.handleMessage(client, message);
    }

    override onConnected(client: WsClient, message?: unknown): void {
      this.onOpen?.();
      super.onConnected(client, message);
    }

    /** The open websocket, if any (market data goes over one connection per venue here). */
    live(): WsClient | undefined {
      return Object.values(this.clients ?? {}).find((client) => client.isConnected);
    }

    /** Drop every connection now and reject their watchers. */
    drop(reason: string): void {
      for (const client of Object.values(this.clients ?? {})) {
        client.onError(new Error(reason));
        (client.connection as { terminate?: () => void } | undefined)?.terminate?.();
      }
    }

    override client(url: string): WsClient {
      const client = super.client(url);
      if (!guarded.has(client)) {
        guarded.add(client);
        const send = client.send.bind(client);
        client.send = (message: unknown) => {
          const sent = send(message);
          sent.catch(() => {});
          return sent;
        };
      }
      return client;
    }

    override log(): void {}
  };
}

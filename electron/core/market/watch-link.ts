/**
 * The life of a venue's streaming link through ccxt's websocket watchers, the same for every
 * venue adapter: each watcher is a loop whose first call subscribes and whose later calls wait
 * for the next update; any watcher's failure ends the link (the venue dropped it, sent an error,
 * broke its sequence); after an exponential backoff with jitter the link is dialled again and
 * every subscription made again (a resubscription brings fresh book snapshots). A generation
 * number tells the watchers of a given-up link to stop. Data after a (re)connect shows the
 * subscriptions work, so the next failure backs off from the start again.
 *
 * The adapter says how to subscribe everything (`subscribeAll`) and how to cut the link
 * (`drop`); the link says what happens with venue-status events to the listeners.
 */
import { ExchangeClosedByUser, InvalidNonce, NetworkError } from 'ccxt';
import type { Clock } from '../clock';
import { backoffDelay, type BackoffPolicy } from './backoff';
import type { MarketEvent, MarketListener, VenueStatusEvent } from './events';

export interface WatchLinkOptions {
  venue: string;
  clock: Clock;
  backoff: BackoffPolicy;
  random: () => number;
  /** Subscribe every instrument and coin wanted, as watchers of this generation. */
  subscribeAll(generation: number): void;
  /** Cut the current connection now (no close handshake: the peer may be dead). */
  drop(reason: string): void;
}

export class WatchLink {
  readonly listeners = new Set<MarketListener>();
  /** Bumped whenever the link is given up: watchers of an older generation stop. */
  generation = 0;
  closed = false;
  private attempt = 0;
  private awaitingData = true;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WatchLinkOptions) {}

  /** Whether a reconnection is waiting out its backoff (it will subscribe everything). */
  get reconnecting(): boolean {
    return this.reconnectTimer !== undefined;
  }

  connect(): void {
    this.reconnectTimer = undefined;
    if (this.closed) return;
    this.status('connecting');
    this.awaitingData = true;
    this.options.subscribeAll(this.generation);
  }

  /** Keep one ccxt watcher going while its generation lives; `onUpdate` hears each resolution. */
  watch<T>(generation: number, next: () => Promise<T>, onUpdate?: (value: T) => void): void {
    void (async () => {
      while (generation === this.generation) {
        let value: T;
        try {
          value = await next();
        } catch (error) {
          if (error instanceof ExchangeClosedByUser) return;
          this.fail(generation, reasonOf(error));
          return;
        }
        if (generation === this.generation) onUpdate?.(value);
      }
    })();
  }

  /** Give up the link of `generation` and reconnect after a backoff (at least minDelayMs). */
  fail(generation: number, reason: string, minDelayMs = 0): void {
    if (generation !== this.generation || this.closed) return;
    this.generation++;
    this.options.drop(reason);
    this.status('reconnecting', reason);
    const delay = Math.max(minDelayMs, backoffDelay(this.options.backoff, this.attempt++, this.options.random));
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  emit(event: MarketEvent): void {
    if (this.awaitingData) {
      this.awaitingData = false;
      this.attempt = 0;
    }
    for (const listener of this.listeners) listener(event);
  }

  status(state: VenueStatusEvent['state'], reason?: string): void {
    const event: VenueStatusEvent = { type: 'venue-status', venue: this.options.venue, time: this.options.clock.now(), state };
    if (reason !== undefined) event.reason = reason;
    for (const listener of this.listeners) listener(event);
  }

  /** Stop for good: no more reconnections; the listeners hear 'disconnected' last. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    clearTimeout(this.reconnectTimer);
    this.status('disconnected', 'closed');
    this.listeners.clear();
  }
}

/** Why a watcher failed, in words: ccxt raises a broken book sequence as InvalidNonce, a lost link as a NetworkError. */
function reasonOf(error: unknown): string {
  if (error instanceof InvalidNonce) return 'book sequence gap';
  if (error instanceof NetworkError) return 'connection lost';
  return `${(error as Error).name}: ${(error as Error).message}`;
}

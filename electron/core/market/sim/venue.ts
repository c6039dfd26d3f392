/**
 * The embedded simulated market as a venue (VenueAdapter, venue 'sim'): the desk's default
 * source, needing no network and no keys. Market data flows like any venue's; in addition it
 * exposes what only a simulator can: stepping time (`advance`) for backtests, the client flow
 * against the dealer's quotes, and scenario injection.
 *
 * Time moves either when told (`advance`, the backtest's way) or, given `pace`, on a timer that
 * keeps simulated time at start + speed x (clock time elapsed since the first subscription).
 */
import { parseInstrument } from '../../../../shared/domain/instrument';
import type { Clock } from '../../clock';
import type { MarketEvent, MarketListener } from '../events';
import type { ChainRow, ListedInstrument, VenueAdapter } from '../venue';
import type { DealerQuote } from './dealer-quote';
import type { ClientOrder } from './flow';
import { SimMarket, type SimOptions } from './market';
import { SIM_VENUE } from './market-events';
import type { Scenario, ScenarioRequest } from './scenarios';

export interface SimPace {
  clock: Clock;
  /** Simulated ms per clock ms (default 1: real time). */
  speed?: number;
}

export interface SimVenueOptions extends SimOptions {
  pace?: SimPace;
}

interface Subscriber {
  instruments: Set<string>;
  coins: Set<string>;
  listener: MarketListener;
}

export class SimVenue implements VenueAdapter {
  readonly venue = SIM_VENUE;
  readonly market: SimMarket;
  private subscribers: Subscriber[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: SimVenueOptions) {
    if (options.pace && !(options.pace.speed === undefined || options.pace.speed > 0)) throw new Error(`sim venue: pace speed must be > 0, got ${options.pace.speed}`);
    this.market = new SimMarket(options);
  }

  async instruments(base: string): Promise<ListedInstrument[]> {
    return this.market.listedInstruments(base);
  }

  async optionChain(base: string): Promise<ChainRow[]> {
    return this.market.chainRows(base);
  }

  /** Stream the instruments' events (and their coins' index) to `listener`, starting with a snapshot of each. */
  async subscribe(instruments: readonly string[], listener: MarketListener): Promise<void> {
    const subscriber: Subscriber = { instruments: new Set(instruments), coins: new Set(), listener };
    const union = new Set(instruments);
    // Earlier subscriptions may name options delisted since (a passed expiry): not asked for again.
    for (const s of this.subscribers) for (const name of s.instruments) if (this.market.lists(name)) union.add(name);
    this.market.listen(union, this.dispatch); // throws on names the simulator does not list
    for (const name of instruments) subscriber.coins.add(parseInstrument(name).base);
    this.subscribers.push(subscriber);
    listener({ type: 'venue-status', venue: SIM_VENUE, time: this.market.time, state: 'connected' });
    for (const event of this.market.snapshot(instruments)) listener(event);
    if (this.options.pace && !this.timer) this.startPacing(this.options.pace);
  }

  private readonly dispatch = (event: MarketEvent): void => {
    const subscribers = this.subscribers;
    for (let s = 0; s < subscribers.length; s++) {
      const subscriber = subscribers[s]!;
      if (event.type === 'index' ? subscriber.coins.has(event.underlying) : 'instrument' in event && subscriber.instruments.has(event.instrument)) subscriber.listener(event);
    }
  };

  private startPacing({ clock, speed = 1 }: SimPace): void {
    const simStart = this.market.time;
    const clockStart = clock.now();
    this.timer = setInterval(() => this.market.advanceTo(simStart + speed * (clock.now() - clockStart)), this.market.stepMs);
  }

  /** Move simulated time forward (backtests; also allowed while paced). */
  advance(ms: number): void {
    this.market.advance(ms);
  }

  /** Client orders against the dealer's quotes over the last `windowMs` (default one step). */
  clientOrders(quotes: readonly DealerQuote[], windowMs?: number): ClientOrder[] {
    return this.market.clientOrders(quotes, windowMs);
  }

  inject(request: ScenarioRequest): Scenario {
    return this.market.inject(request);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const subscribers = this.subscribers;
    this.subscribers = [];
    this.market.unlisten();
    for (const s of subscribers) s.listener({ type: 'venue-status', venue: SIM_VENUE, time: this.market.time, state: 'disconnected', reason: 'closed' });
  }
}

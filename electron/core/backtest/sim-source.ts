/**
 * The embedded simulator as a backtest market: its books, tickers and prints flow into the market
 * state as a live session's would, its surfaces are its own SVI slices (refreshed every
 * `revalueMs`), marks are its fair values, and its client flow (intensity A exp(-k delta) with an
 * informed share) is the intensity fill model.
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import type { MarketEvent, TradeEvent } from '../market/events';
import { MarketState } from '../market/market-state';
import type { ListingParams } from '../market/sim/listing';
import { SimMarket } from '../market/sim/market';
import { VolSurface } from '../surface/vol-surface';
import type { BacktestMarket, OptionMark } from './market-source';
import type { QuoteSchedule, QuoteSnapshot } from './quote-schedule';

export interface SimSourceOptions {
  seed: number;
  start: number;
  hours: number;
  stepMs: number;
  revalueMs: number;
  listing?: ListingParams;
}

export class SimSource implements BacktestMarket {
  readonly market: SimMarket;
  readonly end: number;
  readonly options: readonly OptionInstrument[];
  private readonly names: readonly string[];
  readonly coins: readonly string[];
  readonly state = new MarketState();
  readonly prints: TradeEvent[] = [];
  events = 0;
  private readonly surfaces = new Map<string, VolSurface>();
  private surfacesAt = -Infinity;

  constructor(private readonly config: SimSourceOptions) {
    this.market = new SimMarket({ seed: config.seed, start: config.start, stepMs: config.stepMs, ...(config.listing ? { listing: config.listing } : {}) });
    this.end = config.start + config.hours * 3_600_000;
    this.options = this.market.options().filter((option) => option.expiry > this.end);
    this.names = this.options.map((option) => option.name);
    this.coins = this.market.bases;
    this.market.listen(
      this.options.map((option) => option.name),
      this.apply,
    );
    this.refreshSurfaces();
  }

  get time(): number {
    return this.market.time;
  }

  readonly surfaceOf = (base: string): VolSurface | null => this.surfaces.get(base) ?? null;

  advanceTo(time: number): void {
    this.prints.length = 0;
    this.market.advanceTo(time);
    if (this.market.time - this.surfacesAt >= this.config.revalueMs) this.refreshSurfaces();
  }

  mark(i: number): OptionMark {
    const fair = this.market.fairValue(this.options[i]!.name);
    return { price: fair.price, forward: fair.forward, iv: fair.iv, years: fair.years };
  }

  index(coin: string): number {
    return this.market.index(coin);
  }

  clientOrders(schedule: QuoteSchedule, quotes: QuoteSnapshot, windowMs: number) {
    return this.market.clientOrders(schedule.dealerQuotes(quotes, this.names), windowMs);
  }

  close(): void {
    this.market.unlisten();
  }

  private readonly apply = (event: MarketEvent): void => {
    if (event.type === 'book') this.state.applyBook(event);
    else if (event.type === 'ticker') this.state.applyTicker(event);
    else if (event.type === 'trade') {
      this.state.applyTrade(event);
      this.prints.push(event);
    } else return;
    this.events++;
  };

  private refreshSurfaces(): void {
    for (const coin of this.coins) {
      this.surfaces.set(coin, new VolSurface(this.market.slices(coin).map(({ expiry, years, forward, params }) => ({ expiry, T: years, forward, svi: params }))));
    }
    this.surfacesAt = this.market.time;
  }
}

/**
 * The desk's quoting on its live market: one LiveQuotes over every listed option, refreshed after
 * each market tick (the surfaces recalibrated first), rebuilt when the listing or the parameter set
 * in force changes, moved by every stored fill. What changed is journaled by the publisher and
 * announced once per refresh; the board and a quote's breakdown are read from the engine as it
 * stands, so the screen shows exactly what was computed and nothing is recomputed for it.
 */
import type { BoardQuote, BoardRow, QuoteBoard, QuoteBreakdown } from '../../../shared/contract/quotes';
import type { OptionInstrument, Settlement } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import type { Clock } from '../clock';
import type { MarketSession } from '../market/session';
import type { FillStore } from '../store/fill-store';
import type { MarkAtFill } from '../store/fill-mark-store';
import type { PremiumParamsStore, StoredParams } from '../store/premium-params-store';
import type { QuoteJournal } from '../store/quote-journal';
import { LiveQuotes } from './live-quotes';
import { TERMS, type QuoteView } from './quote-engine';

export interface QuoteServiceOptions {
  clock: Clock;
  session: MarketSession;
  fills: FillStore;
  params: PremiumParamsStore;
  journal: QuoteJournal | null;
  /**
   * Journal a quote whose price moved at most this often (default 60 s; suppressions and fills at
   * once). 2,000 options x 4 sizes reprice every second: at 10 s that is 20 GB a day, at 60 s about 3.
   */
  journalEveryMs?: number;
  /** A refresh requoted options: how many. */
  onUpdate?: (update: { asOf: number; changed: number }) => void;
}

/** A request the quotes cannot answer as asked (an unknown instrument, a size off the ladder, no market yet), by field. */
export class QuoteRequestError extends Error {
  constructor(
    readonly field: 'instrument' | 'size',
    message: string,
  ) {
    super(message);
    this.name = 'QuoteRequestError';
  }
}

/** Terms that are the price of risk and data, beyond the base half-spread and the mechanics (fee, clamp, rounding). */
const PREMIUM_TERMS = ['inventory', 'adverse', 'liquidity', 'holding', 'tail'] as const;
/** Every term but the tick's rounding: where the desk's mid would sit from theo on an infinitely fine tick. */
const SKEW_TERMS = TERMS.filter((term) => term !== 'rounding');

export class QuoteService {
  private live: LiveQuotes | null = null;
  private params: StoredParams | null = null;
  private listingVersion = -1;
  private asOf: number | null = null;

  constructor(private readonly options: QuoteServiceOptions) {}

  /** Bring the quotes up to the market; the session calls this after each tick. */
  refresh(): void {
    const { clock, session } = this.options;
    const now = clock.now();
    const stale = !this.live || this.options.params.currentId() !== this.params?.id || session.listingVersion !== this.listingVersion;
    if (stale) this.rebuild(this.options.params.current(now));
    const live = this.live!;
    live.refresh(session.state, (name) => session.health.health(name), (underlying, settlement) => session.surfaceOf(underlying, settlement));
    this.asOf = now;
    if (live.requoted > 0) this.options.onUpdate?.({ asOf: now, changed: live.requoted });
  }

  /** A stored fill: an option of the book moves every quote (hedges in perpetuals are not the engine's). */
  fill(instrument: string, side: 'buy' | 'sell', size: number): void {
    if (!this.live?.engine.quotes(instrument)) return;
    this.live.fill(instrument, side === 'buy' ? size : -size);
  }

  /** The desk's mark of a quoted option now (its theo, as the last refresh valued it); null when not quoted or not valued. */
  markOf(instrument: string): MarkAtFill | null {
    const engine = this.live?.engine;
    return engine?.quotes(instrument) ? engine.markOf(engine.indexOf(instrument)) : null;
  }

  /** Positions changed wholesale (an import, a rebuild): the book is read again at the next refresh. */
  reset(): void {
    this.live = null;
  }

  board(underlying: string, settlement: Settlement, size?: number, expiry?: number | 'nearest'): QuoteBoard {
    const { session } = this.options;
    const live = this.live;
    const sizes = this.params ? [...this.params.params.sizes] : [];
    const chosen = size ?? sizes[0] ?? 1;
    const board = (expiries: QuoteBoard['expiries'], message: string | null): QuoteBoard => ({
      asOf: this.asOf,
      underlying,
      settlement,
      size: chosen,
      sizes,
      params: this.paramsInForce(),
      chains: this.chains(),
      expiries,
      message,
    });
    if (!live || this.asOf === null) return board([], 'no quotes yet: waiting for the market');
    const z = sizes.indexOf(chosen);
    if (z < 0) throw new QuoteRequestError('size', `size ${chosen} is not on the ladder (${sizes.join(', ')})`);
    const surface = session.surfaceOf(underlying, settlement);
    const onlyExpiry = expiry === 'nearest' ? this.nearestExpiry(live.instruments, underlying, settlement) : expiry;
    const byExpiry = new Map<number, { options: number; rows: Map<number, BoardRow> }>();
    live.instruments.forEach((option, i) => {
      if (option.base !== underlying || option.settlement !== settlement) return;
      let expiry = byExpiry.get(option.expiry);
      if (!expiry) byExpiry.set(option.expiry, (expiry = { options: 0, rows: new Map() }));
      expiry.options++;
      if (onlyExpiry !== undefined && option.expiry !== onlyExpiry) return;
      let row = expiry.rows.get(option.strike);
      if (!row) expiry.rows.set(option.strike, (row = { strike: option.strike, call: null, put: null }));
      row[option.optionType] = this.boardQuote(live.engine.view(i, z), live.engine.positionOf(i));
    });
    if (byExpiry.size === 0) return board([], `no ${underlying} ${settlement} options listed`);
    const expiries = [...byExpiry]
      .sort(([a], [b]) => a - b)
      .map(([expiry, { options, rows }]) => {
        const T = yearsBetween(this.asOf!, expiry);
        return { expiry, T, forward: surface && T > 0 ? surface.forward(T) : null, options, rows: [...rows.values()].sort((a, b) => a.strike - b.strike) };
      });
    return board(expiries, surface ? null : `no ${underlying} surface yet: quotes wait for the first calibration`);
  }

  breakdown(instrument: string): QuoteBreakdown {
    const live = this.live;
    if (!live || !this.params || this.asOf === null) throw new QuoteRequestError('instrument', 'no quotes yet: waiting for the market');
    const i = live.instruments.findIndex((option) => option.name === instrument);
    if (i < 0) throw new QuoteRequestError('instrument', `${instrument} is not a listed option of this market`);
    const inputs = live.engine.inputsOf(i);
    if (!inputs) throw new QuoteRequestError('instrument', `${instrument} is not valued yet: its chain has no surface`);
    const views = live.quotesOf(instrument);
    return {
      asOf: this.asOf,
      instrument,
      theo: views[0]!.theo,
      params: this.paramsInForce()!,
      stale: this.staleReason(instrument),
      inputs,
      sizes: views.map((view) => ({
        size: view.size,
        bid: view.bid,
        ask: view.ask,
        bidIv: view.bidIv,
        askIv: view.askIv,
        terms: TERMS.map((term) => ({ term, price: view.premium[term], volPts: view.premiumVolPts[term] })),
        limits: view.limits,
      })),
    };
  }

  private rebuild(params: StoredParams): void {
    const { session, clock, fills, journal } = this.options;
    const held = new Map(fills.positions().map(({ instrument, size }) => [instrument, size]));
    this.params = params;
    this.listingVersion = session.listingVersion;
    this.live = new LiveQuotes({ clock, params, journal, journalEveryMs: this.options.journalEveryMs ?? 60_000 }, session.listedOptions(), held);
  }

  /** The chain's first expiry with more than a day left (else its first): where a trader's eye goes first. */
  private nearestExpiry(options: readonly OptionInstrument[], underlying: string, settlement: Settlement): number | undefined {
    const expiries = [...new Set(options.filter((o) => o.base === underlying && o.settlement === settlement).map((o) => o.expiry))].sort((a, b) => a - b);
    return expiries.find((e) => yearsBetween(this.asOf!, e) > 1 / 365) ?? expiries[0];
  }

  private boardQuote(view: QuoteView, position: number): BoardQuote {
    const market = this.options.session.state.get(view.instrument);
    const ticker = market?.ticker;
    const sum = (side: 'bid' | 'ask') => PREMIUM_TERMS.reduce((total, term) => total + view.premiumVolPts[term][side], 0);
    // The lean before the tick's rounding, which would otherwise dominate options worth a few ticks.
    const total = (side: 'bid' | 'ask') => SKEW_TERMS.reduce((sum, term) => sum + view.premiumVolPts[term][side], 0);
    return {
      instrument: view.instrument,
      theo: view.theo,
      vol: view.vol,
      bid: view.bid,
      ask: view.ask,
      bidIv: view.bidIv,
      askIv: view.askIv,
      marketBid: market?.book.bids.levels(1)[0]?.[0] ?? null,
      marketAsk: market?.book.asks.levels(1)[0]?.[0] ?? null,
      marketBidIv: ticker?.bidIv ?? null,
      marketAskIv: ticker?.askIv ?? null,
      skewVolPts: view.bid !== null && view.ask !== null ? (total('ask') - total('bid')) / 2 : null,
      premiumVolPts: { bid: sum('bid'), ask: sum('ask') },
      suppressed: view.suppressed,
      stale: this.staleReason(view.instrument),
      position,
    };
  }

  private staleReason(instrument: string): string | null {
    const health = this.options.session.health.health(instrument);
    return health.stale ? (health.reason ?? 'stale') : null;
  }

  private paramsInForce(): QuoteBoard['params'] {
    return this.params ? { id: this.params.id, source: this.params.source, since: this.params.created } : null;
  }

  private chains(): QuoteBoard['chains'] {
    const counts = new Map<string, { underlying: string; settlement: Settlement; options: number }>();
    for (const option of this.live?.instruments ?? []) {
      const key = `${option.base}:${option.settlement}`;
      const chain = counts.get(key) ?? { underlying: option.base, settlement: option.settlement, options: 0 };
      chain.options++;
      counts.set(key, chain);
    }
    return [...counts.values()];
  }
}

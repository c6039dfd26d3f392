/**
 * The embedded simulated market: BTC, ETH and SOL spot (dynamics.ts), their option chains
 * (listing.ts) priced on an arbitrage-free surface (surface.ts) with books around it (book.ts),
 * perpetuals with funding, the public tape, client flow against a dealer's quotes (flow.ts) and
 * stress scenarios (scenarios.ts). Time moves only in fixed steps when told (advance), so a
 * backtest runs it as fast as it can and a live desk paces it with a clock (venue.ts).
 *
 * Deterministic given the seed: the path, the tape and the client flow draw from three separate
 * streams, so the same seed and the same calls give the same events, whoever listens.
 *
 * Each step: spot, vol and perp premia move; running scenarios act; a passed expiry is delisted
 * and the listing rolled (chain.ts); then every expiry's slice and every option's fair value and
 * book are recomputed into flat arrays (nothing allocated per option), and events go out
 * (market-events.ts) for the instruments someone subscribed to (interest.ts): index, perpetual
 * ticker (and book when it changed), each option's book when it changed and its ticker, then the
 * tape's prints (tape.ts). Informed clients read the future from lookahead.ts.
 */
import type { OptionInstrument } from '../../../../shared/domain/instrument';
import { MS_PER_YEAR, yearsBetween } from '../../../../shared/domain/time';
import { contractSize, INVERSE_OPTION_TICKS, LINEAR_OPTION_TICKS, type TickLadder } from '../../../../shared/domain/venue-rules';
import { black76Price, Valuation } from '../../pricing/black76';
import { impliedVolatility } from '../../pricing/implied-vol';
import type { SviParams } from '../../surface/svi';
import type { Level, MarketEvent } from '../events';
import type { ChainRow, ListedInstrument } from '../venue';
import { DEFAULT_BOOK, expirySpreadFactor, writeBook, type BookInput, type BookParams } from './book';
import { SimChain } from './chain';
import type { DealerQuote } from './dealer-quote';
import { SpotDynamics } from './dynamics';
import { DEFAULT_DYNAMICS, type DynamicsParams } from './dynamics-params';
import { FairValues } from './fair-value';
import { ClientFlow, DEFAULT_FLOW, type ClientOrder, type FlowParams, type FlowView } from './flow';
import { Interest } from './interest';
import { DEFAULT_LISTING, type ListingParams } from './listing';
import { Lookahead } from './lookahead';
import { bookEvent, chainRow, levelsOf, optionTicker, optionTrade, perpetualTicker, SIM_VENUE } from './market-events';
import { Perpetuals } from './perpetuals';
import { Rng } from './random';
import { ScenarioEffects, resolveScenario, type Scenario, type ScenarioRequest } from './scenarios';
import { DEFAULT_SURFACE, type SurfaceParams } from './surface';
import { DEFAULT_TAPE, VenueTape, type TapeParams } from './tape';
import { DEFAULT_TERMS, funding8h, type CoinTerms } from './terms';


export interface SimOptions {
  seed: number;
  /** Simulated start time, ms UTC. */
  start: number;
  /** Step length, ms (default 100: ten updates a second). */
  stepMs?: number;
  dynamics?: DynamicsParams;
  surface?: Readonly<Record<string, SurfaceParams>>;
  listing?: ListingParams;
  book?: BookParams;
  terms?: Readonly<Record<string, CoinTerms>>;
  flow?: FlowParams;
  tape?: TapeParams;
}

/** The simulator's own fair value of an option: ground truth for tests and markout analysis. */
export interface FairValue {
  price: number;
  iv: number;
  /** Per vol point, in the option's price currency. */
  vega: number;
  delta: number;
  forward: number;
  years: number;
}

export class SimMarket {
  readonly venue = SIM_VENUE;
  readonly bases: readonly string[];
  readonly stepMs: number;
  private now: number;
  private pendingMs = 0;
  private readonly dynamics: SpotDynamics;
  private readonly fairValues: FairValues;
  private chain!: SimChain;
  private readonly listedStrikes = new Map<string, number[]>();
  private readonly listing: ListingParams;
  private readonly book: BookParams;
  private readonly terms: readonly CoinTerms[];
  private readonly normalVol: Float64Array;
  private readonly levelSize: Float64Array;
  private readonly optionMinAmount: Float64Array;

  private readonly perpetuals: Perpetuals;
  private readonly scenarios: ScenarioEffects;
  private readonly flow: ClientFlow;
  private readonly tape: VenueTape;
  private readonly valuation = new Valuation();
  private readonly bookInput: BookInput = { bid: 0, ask: 0, gap: 0, ladder: [], size: 0, minAmount: 1 };
  private readonly ladders: TickLadder[];
  private tradeCount = 0;

  /** Who listens, and to what. */
  private sink: ((event: MarketEvent) => void) | null = null;
  private readonly interest: Interest;
  private readonly perpChanged: Uint8Array;

  /** The informed flow's view of the future, and how many scenarios have moved the path. */
  private readonly lookahead: Lookahead;
  private injections = 0;

  constructor(options: SimOptions) {
    const dynamics = options.dynamics ?? DEFAULT_DYNAMICS;
    this.stepMs = options.stepMs ?? 100;
    if (!(Number.isInteger(this.stepMs) && this.stepMs > 0)) throw new Error(`sim: stepMs must be a positive integer, got ${this.stepMs}`);
    if (!Number.isFinite(options.start)) throw new Error(`sim: start must be a time in ms, got ${options.start}`);
    this.now = options.start;
    this.bases = dynamics.coins.map((c) => c.base);
    this.dynamics = new SpotDynamics(dynamics, options.seed);
    this.fairValues = new FairValues(dynamics, options.surface ?? DEFAULT_SURFACE);
    this.listing = options.listing ?? DEFAULT_LISTING;
    this.book = options.book ?? DEFAULT_BOOK;
    if (!(Number.isInteger(this.book.levels) && this.book.levels >= 1 && this.book.levels <= 8)) throw new Error(`sim book: levels must be an integer in 1..8, got ${this.book.levels}`);
    const termsTable = options.terms ?? DEFAULT_TERMS;
    this.terms = this.bases.map((base) => {
      const terms = termsTable[base];
      if (!terms) throw new Error(`sim: no contract terms for ${base}`);
      return terms;
    });
    const flowParams = options.flow ?? DEFAULT_FLOW;
    this.normalVol = Float64Array.from(dynamics.coins, (c) => c.vol);
    this.levelSize = Float64Array.from(this.bases, (base) => {
      const size = this.book.levelSize[base];
      if (!(size !== undefined && size > 0)) throw new Error(`sim book: levelSize for ${base} must be > 0, got ${size}`);
      return size;
    });
    this.optionMinAmount = Float64Array.from(this.terms, (t) => t.optionMinAmount);

    this.ladders = this.terms.map((t) => (t.optionSettlement === 'inverse' ? INVERSE_OPTION_TICKS : LINEAR_OPTION_TICKS));
    this.perpetuals = new Perpetuals(this.bases, this.terms, this.book.levels);
    this.scenarios = new ScenarioEffects(this.bases);
    this.flow = new ClientFlow(flowParams, this.bases, new Rng(options.seed, 3));
    this.tape = new VenueTape(
      options.tape ?? DEFAULT_TAPE,
      this.bases,
      new Rng(options.seed, 2),
      Float64Array.from(this.bases, (base) => flowParams.medianSize[base] ?? 1),
      flowParams.sizeDispersion,
      this.optionMinAmount,
    );
    this.interest = new Interest(this.perpetuals.instruments.map((p) => p.name));
    this.perpChanged = new Uint8Array(this.bases.length);
    const horizonSteps = Math.max(1, Math.round(flowParams.informedHorizonMs / this.stepMs));
    this.lookahead = new Lookahead(this.dynamics, options.surface ?? DEFAULT_SURFACE, horizonSteps, this.stepMs);
    this.relist();
    this.reprice(false);
  }

  // ---- time ----

  /** The time of the last step, ms UTC. */
  get time(): number {
    return this.now;
  }

  /** Move simulated time forward by `ms`, in whole steps (a remainder waits for the next call). */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`sim: advance needs a finite ms >= 0, got ${ms}`);
    this.pendingMs += ms;
    while (this.pendingMs >= this.stepMs) {
      this.pendingMs -= this.stepMs;
      this.step();
    }
  }

  /** Advance to a time (no-op if it is not ahead). */
  advanceTo(time: number): void {
    if (time > this.now + this.pendingMs) this.advance(time - this.now - this.pendingMs);
  }

  private step(): void {
    this.now += this.stepMs;
    this.dynamics.step(this.stepMs / MS_PER_YEAR);
    this.scenarios.update(this.now, this.stepMs, this.dynamics);
    if (this.now >= this.chain.nextExpiry) this.relist();
    this.reprice(true);
    this.tape.draw(this.chain, this.stepMs, this.emitPrint);
  }

  // ---- scenarios ----

  /** Inject a stress scenario now (defaults fill what the request leaves out); returns it resolved. */
  inject(request: ScenarioRequest): Scenario {
    const scenario = resolveScenario(request, this.bases);
    this.scenarios.inject(scenario, this.now, this.dynamics);
    this.injections++;
    return scenario;
  }

  // ---- listing and state ----

  private relist(): void {
    const coins = this.bases.map((base, c) => ({
      base,
      settlement: this.terms[c]!.optionSettlement,
      vol: this.normalVol[c]!,
      forward: (years: number) => this.dynamics.spot(c) * Math.exp(this.fairValues.surface[c]!.carry * years),
    }));
    const previous = this.chain as SimChain | undefined;
    this.chain = new SimChain(coins, this.now, this.listing, this.book.levels, this.listedStrikes);
    // A relisting is no book change for the instruments that stay: their sequence numbers carry on.
    if (previous) {
      for (let i = 0; i < this.chain.size; i++) {
        const before = previous.index.get(this.chain.options[i]!.name);
        if (before !== undefined) this.chain.books.sequence[i] = previous.books.sequence[before]!;
      }
    }
    this.interest.rebuild(this.chain);
  }

  /** Whether an instrument (option or perpetual) is listed now. */
  lists(instrument: string): boolean {
    return this.interest.unknown([instrument], this.chain).length === 0;
  }

  /** Options listed now for a coin (all coins when absent). */
  options(base?: string): readonly OptionInstrument[] {
    return base === undefined ? this.chain.options : this.chain.options.filter((o) => o.base === base);
  }

  listedInstruments(base: string): ListedInstrument[] {
    const c = this.coinIndex(base);
    const terms = this.terms[c]!;
    const options = this.options(base).map((instrument) => ({
      instrument,
      contractSize: contractSize(instrument),
      minTradeAmount: terms.optionMinAmount,
      tickSize: this.ladders[c]![0]!.tick,
    }));
    const perpetual = this.perpetuals.instruments[c]!;
    return [{ instrument: perpetual, contractSize: terms.perpContractSize, minTradeAmount: terms.perpMinAmount, tickSize: terms.perpTick }, ...options];
  }

  chainRows(base: string): ChainRow[] {
    const c = this.coinIndex(base);
    const rows: ChainRow[] = [];
    const { chain } = this;
    for (let i = chain.coinStart[c]!; i < chain.coinStart[c + 1]!; i++) rows.push(chainRow(chain, i, this.now, this.fairValues.spot[c]!));
    return rows;
  }

  /** The simulator's fair value of a listed option (truth, for tests and analysis). */
  fairValue(instrument: string): FairValue {
    const i = this.optionIndex(instrument);
    const { chain } = this;
    const e = chain.expiryOf[i]!;
    return { price: chain.fair[i]!, iv: chain.markIv[i]!, vega: chain.vega[i]!, delta: chain.delta[i]!, forward: chain.forward[e]!, years: chain.years[e]! };
  }

  /** Index price of a coin now. */
  index(base: string): number {
    return this.fairValues.spot[this.coinIndex(base)]!;
  }

  /** Perpetual mark and funding of a coin now. */
  perpetual(base: string): { instrument: string; mark: number; funding8h: number } {
    const c = this.coinIndex(base);
    return { instrument: this.perpetuals.instruments[c]!.name, mark: this.perpetuals.mark[c]!, funding8h: funding8h(this.dynamics.premium[c]!) };
  }

  /** The raw SVI slice of every listed expiry of a coin now, with its time to expiry. */
  slices(base: string): { expiry: number; years: number; forward: number; params: SviParams }[] {
    const c = this.coinIndex(base);
    const { chain } = this;
    const out = [];
    for (let e = 0; e < chain.expiryTime.length; e++) {
      if (chain.expiryCoin[e] === c) out.push({ expiry: chain.expiryTime[e]!, years: chain.years[e]!, forward: chain.forward[e]!, params: { ...chain.slices[e]! } });
    }
    return out;
  }

  /** An instrument's full book now (options and perpetuals). */
  bookOf(instrument: string): { bids: Level[]; asks: Level[] } {
    const perp = this.perpetuals.instruments.findIndex((p) => p.name === instrument);
    if (perp >= 0) return levelsOf(this.perpetuals.books, perp);
    return levelsOf(this.chain.books, this.optionIndex(instrument));
  }

  private coinIndex(base: string): number {
    const c = this.bases.indexOf(base);
    if (c < 0) throw new Error(`sim: no coin ${base} (the simulator lists ${this.bases.join(', ')})`);
    return c;
  }

  private optionIndex(instrument: string): number {
    const i = this.chain.index.get(instrument);
    if (i === undefined) throw new Error(`sim: ${instrument} is not listed now`);
    return i;
  }

  // ---- pricing ----

  private reprice(emit: boolean): void {
    const { chain, fairValues, book, scenarios, valuation, bookInput } = this;
    const now = this.now;
    fairValues.read(this.dynamics);
    for (let e = 0; e < chain.expiryTime.length; e++) {
      const c = chain.expiryCoin[e]!;
      const years = yearsBetween(now, chain.expiryTime[e]!);
      chain.years[e] = years;
      chain.forward[e] = fairValues.forward(c, years);
      const theta = fairValues.slice(chain.slices[e]!, c, years);
      chain.atmVariance[e] = theta;
      chain.spreadFactor[e] = expirySpreadFactor(book, Math.sqrt(theta / years), this.normalVol[c]!, years * 365, scenarios.spread[c]!);
    }
    const perpChanged = this.perpChanged;
    for (let c = 0; c < this.bases.length; c++) {
      perpChanged[c] = this.perpetuals.update(c, fairValues.spot[c]!, this.dynamics.premium[c]!, scenarios.spread[c]!, scenarios.depth[c]!) ? 1 : 0;
    }
    const sink = emit ? this.sink : null;
    if (sink) this.emitCoins(sink);

    const books = chain.books;
    for (let i = 0; i < chain.size; i++) {
      const e = chain.expiryOf[i]!;
      const c = chain.coin[i]!;
      const forward = chain.forward[e]!;
      const years = chain.years[e]!;
      const strike = chain.strike[i]!;
      const type = chain.isCall[i] ? 'call' : 'put';
      const vol = fairValues.price(valuation, type, forward, strike, years, chain.slices[e]!);
      // Inverse options are priced in coin (USD value / F, MODEL.md); linear ones per contract in USDC.
      const scale = chain.priceScale(i, forward);
      chain.fair[i] = valuation.price * scale;
      chain.markIv[i] = vol;
      chain.vega[i] = valuation.vega * scale;
      chain.delta[i] = valuation.delta;

      const z = Math.log(strike / forward) / Math.sqrt(chain.atmVariance[e]!);
      const half = chain.spreadFactor[e]! * (1 + book.wingWidening * Math.abs(z));
      bookInput.bid = black76Price(type, forward, strike, years, Math.max(vol - half, 0.5 * vol)) * scale;
      bookInput.ask = black76Price(type, forward, strike, years, vol + half) * scale;
      bookInput.gap = chain.vega[i]! * (book.levelGap / 0.01);
      bookInput.ladder = this.ladders[c]!;
      bookInput.size = this.levelSize[c]! * scenarios.depth[c]!;
      bookInput.minAmount = this.optionMinAmount[c]!;
      const changed = writeBook(books, i, bookInput);

      const slot = i * books.levels;
      chain.bidIv[i] = books.bidDepth[i]! > 0 ? ivOrNaN(impliedVolatility(type, forward, strike, years, books.bidPrice[slot]! / scale)) : NaN;
      chain.askIv[i] = ivOrNaN(impliedVolatility(type, forward, strike, years, books.askPrice[slot]! / scale));
      if (sink && this.interest.options[i]) {
        if (changed) sink(bookEvent(books, i, chain.options[i]!.name, now, true));
        sink(optionTicker(chain, i, now, fairValues.spot[c]!));
      }
    }
  }

  /** Index and perpetual events of every coin someone listens to. */
  private emitCoins(sink: (event: MarketEvent) => void): void {
    const time = this.now;
    for (let c = 0; c < this.bases.length; c++) {
      const index = this.fairValues.spot[c]!;
      if (this.interest.index[c]) sink({ type: 'index', venue: SIM_VENUE, underlying: this.bases[c]!, time, price: index });
      if (!this.interest.perpetuals[c]) continue;
      if (this.perpChanged[c]) sink(bookEvent(this.perpetuals.books, c, this.perpetuals.instruments[c]!.name, time, true));
      sink(perpetualTicker(this.perpetuals, c, time, index, funding8h(this.dynamics.premium[c]!)));
    }
  }

  /** Every print gets an id, so ids do not depend on who listens. */
  private readonly emitPrint = (option: number, takerSide: 'buy' | 'sell', amount: number): void => {
    const tradeId = `sim-${++this.tradeCount}`;
    if (this.sink && this.interest.options[option]) {
      this.sink(optionTrade(this.chain, option, this.now, tradeId, takerSide, amount, this.fairValues.spot[this.chain.coin[option]!]!));
    }
  };

  // ---- listeners ----

  /**
   * Send events for these instruments (canonical names; unknown ones are refused) to `sink`,
   * which replaces any previous sink; each coin with a subscribed instrument also gets its index.
   */
  listen(instruments: Iterable<string>, sink: (event: MarketEvent) => void): void {
    const names = [...instruments];
    const unknown = this.interest.unknown(names, this.chain);
    if (unknown.length > 0) throw new Error(`sim: not listed: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
    this.sink = sink;
    this.interest.add(names, this.chain);
  }

  /** Stop sending events. */
  unlisten(): void {
    this.sink = null;
    this.interest.clear(this.chain);
  }

  /** Current snapshot events (book and ticker) for the given instruments, as a subscription starts with. */
  snapshot(instruments: Iterable<string>): MarketEvent[] {
    const events: MarketEvent[] = [];
    const { chain, perpetuals, now } = this;
    for (const name of instruments) {
      const i = chain.index.get(name);
      if (i !== undefined) {
        events.push(bookEvent(chain.books, i, name, now, false), optionTicker(chain, i, now, this.fairValues.spot[chain.coin[i]!]!));
        continue;
      }
      const c = perpetuals.instruments.findIndex((p) => p.name === name);
      if (c >= 0) {
        events.push(bookEvent(perpetuals.books, c, name, now, false), perpetualTicker(perpetuals, c, now, this.fairValues.spot[c]!, funding8h(this.dynamics.premium[c]!)));
      }
    }
    return events;
  }

  // ---- client flow ----

  /**
   * Client orders arriving over the last `windowMs` (default one step) against the dealer's
   * quotes, at their prices. Returned to the caller only: the simulator sends nothing.
   */
  clientOrders(quotes: readonly DealerQuote[], windowMs = this.stepMs): ClientOrder[] {
    return this.flow.orders(quotes, windowMs, this.now, this.flowView, this.scenarios.flow);
  }

  private readonly flowView = (instrument: string): FlowView => {
    const i = this.optionIndex(instrument);
    const { chain } = this;
    const e = chain.expiryOf[i]!;
    return {
      fair: chain.fair[i]!,
      vega: chain.vega[i]!,
      z: Math.log(chain.strike[i]! / chain.forward[e]!) / Math.sqrt(chain.atmVariance[e]!),
      years: chain.years[e]!,
      coin: chain.coin[i]!,
      minAmount: this.optionMinAmount[chain.coin[i]!]!,
      futureFair: () => this.lookahead.fairAhead(chain, i, this.dynamics, this.now, this.injections),
    };
  };
}

function ivOrNaN(iv: number): number {
  return iv > 0 ? iv : NaN;
}

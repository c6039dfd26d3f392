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
 * and the listing rolled; then every expiry's slice and every option's fair value and book are
 * recomputed into flat arrays (nothing allocated per option), and events go out for the
 * instruments someone subscribed to: index, perpetual ticker (and book when it changed), each
 * option's book when it changed and its ticker, then the tape's prints.
 */
import type { OptionInstrument } from '../../../../shared/domain/instrument';
import { MS_PER_YEAR, yearsBetween } from '../../../../shared/domain/time';
import { contractSize, INVERSE_OPTION_TICKS, LINEAR_OPTION_TICKS, type TickLadder } from '../../../../shared/domain/venue-rules';
import { black76Price, Valuation } from '../../pricing/black76';
import { impliedVolatility } from '../../pricing/implied-vol';
import type { SviParams } from '../../surface/svi';
import type { BookEvent, Level, MarketEvent } from '../events';
import type { ChainRow, ListedInstrument } from '../venue';
import { DEFAULT_BOOK, expirySpreadFactor, writeBook, type BookInput, type BookParams, type BookTable } from './book';
import { SimChain } from './chain';
import type { DealerQuote } from './dealer-quote';
import { SpotDynamics } from './dynamics';
import { DEFAULT_DYNAMICS, type DynamicsParams } from './dynamics-params';
import { FairValues } from './fair-value';
import { ClientFlow, DEFAULT_FLOW, type ClientOrder, type FlowParams, type FlowView } from './flow';
import { DEFAULT_LISTING, type ListingParams } from './listing';
import { Perpetuals } from './perpetuals';
import { Rng } from './random';
import { ScenarioEffects, resolveScenario, type Scenario, type ScenarioRequest } from './scenarios';
import { DEFAULT_SURFACE, type SurfaceParams } from './surface';
import { DEFAULT_TAPE, VenueTape, type TapeParams } from './tape';
import { DEFAULT_TERMS, funding8h, type CoinTerms } from './terms';

export const SIM_VENUE = 'sim';

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

  /** Who listens, and to what: option interest by index (rebuilt on relisting), perpetuals and index by coin. */
  private sink: ((event: MarketEvent) => void) | null = null;
  private readonly subscribed = new Set<string>();
  private interest = new Uint8Array(0);
  private readonly perpInterest: Uint8Array;
  private readonly perpChanged: Uint8Array;
  private readonly indexInterest: Uint8Array;

  /** The informed flow's look-ahead, recomputed at most once per step and scenario. */
  private readonly lookahead: SpotDynamics;
  private readonly lookaheadValues: FairValues;
  private readonly lookaheadSlice: SviParams = { a: 0, b: 0, rho: 0, m: 0, sigma: 0 };
  private readonly lookaheadSteps: number;
  private lookaheadKey = '';
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
    this.perpInterest = new Uint8Array(this.bases.length);
    this.perpChanged = new Uint8Array(this.bases.length);
    this.indexInterest = new Uint8Array(this.bases.length);
    this.lookahead = this.dynamics.clone();
    this.lookaheadValues = new FairValues(dynamics, options.surface ?? DEFAULT_SURFACE);
    this.lookaheadSteps = Math.max(1, Math.round(flowParams.informedHorizonMs / this.stepMs));
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
    this.rebuildInterest();
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
    this.coinIndex(base);
    const rows: ChainRow[] = [];
    const { chain } = this;
    for (let i = 0; i < chain.size; i++) if (chain.options[i]!.base === base) rows.push(this.chainRow(i));
    return rows;
  }

  private chainRow(i: number): ChainRow {
    const { chain } = this;
    const books = chain.books;
    const slot = i * books.levels;
    const e = chain.expiryOf[i]!;
    return {
      instrument: chain.options[i]!.name,
      time: this.now,
      ...(books.bidDepth[i]! > 0 ? { bid: books.bidPrice[slot]!, bidAmount: books.bidSize[slot]! } : {}),
      ...(books.askDepth[i]! > 0 ? { ask: books.askPrice[slot]!, askAmount: books.askSize[slot]! } : {}),
      ...ivFields(chain.bidIv[i]!, chain.askIv[i]!),
      markPrice: chain.fair[i]!,
      markIv: chain.markIv[i]!,
      underlyingPrice: chain.forward[e]!,
      indexPrice: this.fairValues.spot[chain.coin[i]!]!,
    };
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

  /** USD value to price currency: inverse options are priced in coin (value / F, MODEL.md), linear ones per contract in USDC. */
  private priceScale(i: number, forward: number): number {
    const contract = this.chain.linearContract[i]!;
    return contract > 0 ? contract : 1 / forward;
  }

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
      const scale = this.priceScale(i, forward);
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
      if (sink && this.interest[i]) {
        if (changed) sink(this.bookEvent(books, i, chain.options[i]!.name, true));
        sink(this.optionTicker(i));
      }
    }
  }

  /** Index and perpetual events of every coin someone listens to. */
  private emitCoins(sink: (event: MarketEvent) => void): void {
    const time = this.now;
    for (let c = 0; c < this.bases.length; c++) {
      const index = this.fairValues.spot[c]!;
      if (this.indexInterest[c]) sink({ type: 'index', venue: SIM_VENUE, underlying: this.bases[c]!, time, price: index });
      if (!this.perpInterest[c]) continue;
      const name = this.perpetuals.instruments[c]!.name;
      if (this.perpChanged[c]) sink(this.bookEvent(this.perpetuals.books, c, name, true));
      sink(this.perpetualTicker(c));
    }
  }

  private perpetualTicker(c: number): MarketEvent {
    const books = this.perpetuals.books;
    const slot = c * books.levels;
    return {
      type: 'ticker',
      venue: SIM_VENUE,
      instrument: this.perpetuals.instruments[c]!.name,
      time: this.now,
      markPrice: this.perpetuals.mark[c]!,
      bestBid: books.bidPrice[slot]!,
      bestBidAmount: books.bidSize[slot]!,
      bestAsk: books.askPrice[slot]!,
      bestAskAmount: books.askSize[slot]!,
      indexPrice: this.fairValues.spot[c]!,
      funding8h: funding8h(this.dynamics.premium[c]!),
    };
  }

  /** An option's ticker; absent sides and implied vols are undefined (one object shape, built in one go). */
  private optionTicker(i: number): MarketEvent {
    const { chain } = this;
    const books = chain.books;
    const slot = i * books.levels;
    const hasBid = books.bidDepth[i]! > 0;
    const bidIv = chain.bidIv[i]!;
    const askIv = chain.askIv[i]!;
    return {
      type: 'ticker',
      venue: SIM_VENUE,
      instrument: chain.options[i]!.name,
      time: this.now,
      markPrice: chain.fair[i]!,
      markIv: chain.markIv[i]!,
      bidIv: Number.isNaN(bidIv) ? undefined : bidIv,
      askIv: Number.isNaN(askIv) ? undefined : askIv,
      bestBid: hasBid ? books.bidPrice[slot]! : undefined,
      bestBidAmount: hasBid ? books.bidSize[slot]! : undefined,
      bestAsk: books.askPrice[slot]!,
      bestAskAmount: books.askSize[slot]!,
      underlyingPrice: chain.forward[chain.expiryOf[i]!]!,
      indexPrice: this.fairValues.spot[chain.coin[i]!]!,
    };
  }

  /** A full book; `changed` when it follows a change (a new sequence number), else the current state for a new subscriber. */
  private bookEvent(books: BookTable, i: number, instrument: string, changed: boolean): BookEvent {
    const seq = changed ? ++books.sequence[i]! : books.sequence[i]!;
    return { type: 'book', venue: SIM_VENUE, instrument, time: this.now, snapshot: true, ...levelsOf(books, i), seq, ...(changed ? { prevSeq: seq - 1 } : {}) };
  }

  private readonly emitPrint = (option: number, takerSide: 'buy' | 'sell', amount: number): void => {
    const tradeId = `sim-${++this.tradeCount}`;
    if (!this.sink || !this.interest[option]) return;
    const { chain } = this;
    const slot = option * chain.books.levels;
    const buy = takerSide === 'buy';
    const iv = buy ? chain.askIv[option]! : chain.bidIv[option]!;
    this.sink({
      type: 'trade',
      venue: SIM_VENUE,
      instrument: chain.options[option]!.name,
      time: this.now,
      tradeId,
      price: buy ? chain.books.askPrice[slot]! : chain.books.bidPrice[slot]!,
      amount,
      takerSide,
      ...(Number.isNaN(iv) ? {} : { iv }),
      indexPrice: this.fairValues.spot[chain.coin[option]!]!,
    });
  };

  // ---- listeners ----

  /**
   * Send events for these instruments (canonical names; unknown ones are refused) to `sink`,
   * which replaces any previous sink; each coin with a subscribed instrument also gets its index.
   */
  listen(instruments: Iterable<string>, sink: (event: MarketEvent) => void): void {
    const names = [...instruments];
    const unknown = names.filter((name) => !this.chain.index.has(name) && !this.perpetuals.instruments.some((p) => p.name === name));
    if (unknown.length > 0) throw new Error(`sim: not listed: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
    for (const name of names) this.subscribed.add(name);
    this.sink = sink;
    this.rebuildInterest();
  }

  /** Stop sending events. */
  unlisten(): void {
    this.sink = null;
    this.subscribed.clear();
    this.rebuildInterest();
  }

  private rebuildInterest(): void {
    const { chain } = this;
    this.interest = new Uint8Array(chain.size);
    this.perpInterest.fill(0);
    this.indexInterest.fill(0);
    for (const name of this.subscribed) {
      const i = chain.index.get(name);
      if (i !== undefined) {
        this.interest[i] = 1;
        this.indexInterest[chain.coin[i]!] = 1;
        continue;
      }
      const c = this.perpetuals.instruments.findIndex((p) => p.name === name);
      if (c >= 0) this.perpInterest[c] = this.indexInterest[c] = 1;
    }
  }

  /** Current snapshot events (book and ticker) for the given instruments, as a subscription starts with. */
  snapshot(instruments: Iterable<string>): MarketEvent[] {
    const events: MarketEvent[] = [];
    for (const name of instruments) {
      const i = this.chain.index.get(name);
      if (i !== undefined) {
        events.push(this.bookEvent(this.chain.books, i, name, false), this.optionTicker(i));
        continue;
      }
      const c = this.perpetuals.instruments.findIndex((p) => p.name === name);
      if (c >= 0) events.push(this.bookEvent(this.perpetuals.books, c, name, false), this.perpetualTicker(c));
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
      futureFair: () => this.futureFair(i),
    };
  };

  /** Option i's fair value informedHorizonMs ahead on the path the market will take (absent new scenarios). */
  private futureFair(i: number): number {
    const key = `${this.now}:${this.injections}`;
    if (this.lookaheadKey !== key) {
      this.lookahead.copyFrom(this.dynamics);
      for (let s = 0; s < this.lookaheadSteps; s++) this.lookahead.step(this.stepMs / MS_PER_YEAR);
      this.lookaheadValues.read(this.lookahead);
      this.lookaheadKey = key;
    }
    const { chain } = this;
    const c = chain.coin[i]!;
    const e = chain.expiryOf[i]!;
    const strike = chain.strike[i]!;
    const type = chain.isCall[i] ? 'call' : 'put';
    const years = yearsBetween(this.now + this.lookaheadSteps * this.stepMs, chain.expiryTime[e]!);
    const values = this.lookaheadValues;
    const forward = values.forward(c, Math.max(years, 0));
    let usd: number;
    if (years > 0) {
      values.slice(this.lookaheadSlice, c, years);
      values.price(this.valuation, type, forward, strike, years, this.lookaheadSlice);
      usd = this.valuation.price;
    } else {
      usd = Math.max(type === 'call' ? forward - strike : strike - forward, 0);
    }
    return usd * this.priceScale(i, forward);
  }
}

function ivOrNaN(iv: number): number {
  return iv > 0 ? iv : NaN;
}

function ivFields(bidIv: number, askIv: number): { bidIv?: number; askIv?: number } {
  return { ...(Number.isNaN(bidIv) ? {} : { bidIv }), ...(Number.isNaN(askIv) ? {} : { askIv }) };
}

function levelsOf(books: BookTable, i: number): { bids: Level[]; asks: Level[] } {
  const slot = i * books.levels;
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (let d = 0; d < books.bidDepth[i]!; d++) bids.push([books.bidPrice[slot + d]!, books.bidSize[slot + d]!]);
  for (let d = 0; d < books.askDepth[i]!; d++) asks.push([books.askPrice[slot + d]!, books.askSize[slot + d]!]);
  return { bids, asks };
}

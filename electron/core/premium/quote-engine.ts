/**
 * The premium engine: every option quoted as theo plus named premiums, both sides, for each size
 * of the ladder (MODEL.md, "The premium"). For option i, side s (+1 the dealer buys at the bid,
 * -1 sells at the ask), size n, per contract in the option's price currency:
 *
 *   base       GLFT's (1/gamma) ln(1 + gamma/k), k per USD = k per vol point / vega
 *   inventory  gamma (s e_i' Sigma_tau E + n/2 e_i' Sigma_tau e_i): the marginal risk of adding
 *              s n e_i to the book E, per contract (factors.ts for e, Sigma and the horizons)
 *   adverse    the bucket's markout against the dealer on that side, shrunk to the prior, x vega
 *   liquidity  cost to unwind n through the book (unwind.ts) + the delta hedge it triggers
 *   holding    funding of that hedge and the cost of capital (premium paid, or short margin)
 *   tail       price x horizon x the change in expected shortfall of the book over the stress
 *              set (full revaluation per scenario), per contract
 *   fee        the venue fee the dealer pays (Deribit: 0.03% of underlying, cap 12.5% of price)
 *   clamp      what keeps a quote from crossing theo when premiums are negative (risk-reducing)
 *   rounding   outward rounding to the tick ladder (bid down, ask up)
 * so that bid = theo - sum(terms of the bid) and ask = theo + sum(terms of the ask), exactly.
 *
 * A side that would breach a limit (delta, vega per bucket, gamma, gross notional, moving away
 * from flat) or could only be quoted below one tick is suppressed, the limit named; an option whose
 * data is stale is halted, the reason named (MODEL.md; issue 5: stale data is never quoted on).
 *
 * State lives in typed arrays indexed by option; requoting allocates nothing. What changed is all
 * that is recomputed: a market or book update marks its option, a fill or new parameters mark
 * every option (the book's exposure enters each inventory and tail term).
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import { contractSize, optionFee, optionTicks, roundToTick, type TickLadder } from '../../../shared/domain/venue-rules';
import type { Level } from '../market/events';
import { black76, black76Price, Valuation } from '../pricing/black76';
import { FactorExposure, optionExposure, shortOptionMargin } from './exposure';
import { FactorSpace, horizonCovariance } from './factors';
import { glftBaseHalfSpread } from './glft';
import type { PremiumParams } from './params';
import { dailyPriceVolUsd, unwindCostsInto, type SquareRootLaw } from './unwind';

export const TERMS = ['base', 'inventory', 'adverse', 'liquidity', 'holding', 'tail', 'fee', 'clamp', 'rounding'] as const;
export type Term = (typeof TERMS)[number];
const T_BASE = 0;
const T_INVENTORY = 1;
const T_ADVERSE = 2;
const T_LIQUIDITY = 3;
const T_HOLDING = 4;
const T_TAIL = 5;
const T_FEE = 6;
const T_CLAMP = 7;
const T_ROUNDING = 8;
const NTERMS = TERMS.length;

export const SIDES = ['bid', 'ask'] as const;
export type QuoteSide = (typeof SIDES)[number];

/** Suppression codes: factor index for a factor limit, factors + coin for notional, and these. */
const NOT_SUPPRESSED = -1;
const BELOW_ONE_TICK = -2;
const NOT_VALUED = -3;
const HALTED = -4;

/** P&L of one percent's convexity per unit of gamma exposure (the gamma limit's unit). */
const ONE_PERCENT_SQUARED = 1e-4;
/** Relative rounding allowance on the lead of the book's worst scenarios (rankTail). */
const TAIL_ROUNDING = 1e-12;
/** A stressed vol never goes below this (fraction). */
const VOL_FLOOR = 0.01;

export interface OptionMarket {
  /** The expiry's forward (USD per coin). */
  forward: number;
  /** Years to expiry. */
  T: number;
  /** Implied vol (fraction) from the surface. */
  vol: number;
}

export interface QuoteView {
  instrument: string;
  size: number;
  theo: number;
  vol: number;
  bid: number | null;
  ask: number | null;
  bidIv: number | null;
  askIv: number | null;
  /** Per term, per side, in the price currency per contract. */
  premium: Record<Term, { bid: number; ask: number }>;
  /** Per term, per side, in vol points (price / vega). */
  premiumVolPts: Record<Term, { bid: number; ask: number }>;
  /** Each side's suppressing limit, or null when quoted. */
  limits: Record<QuoteSide, string | null>;
  /** Both sides' suppression in one: which side (or both) and the limit(s). */
  suppressed: { side: QuoteSide | 'both'; limit: string } | null;
}

/** What one option's premium terms were computed from, for the breakdown a reviewer reads. */
export interface QuoteInputs {
  instrument: string;
  position: number;
  forward: number;
  T: number;
  vol: number;
  /** Vega per contract in the price currency per vol point: price / this = vol points. */
  vegaPrice: number;
  /** The option's factors: its exposure per contract and the book's, USD per factor unit. */
  factors: { name: string; perContract: number; book: number; limit: number }[];
  /** Sigma over the unwind horizon between those factors (same order). */
  sigma: number[][];
  /** Mean markout per side (vol points) and the fills it rests on, with the prior it is shrunk to. */
  markouts: { bid: { mean: number; count: number }; ask: { mean: number; count: number }; prior: { volPts: number; fills: number } };
  /** Levels and contracts on each side of the live book the unwind walk read; null without a book. */
  book: { bidLevels: number; bidContracts: number; askLevels: number; askContracts: number } | null;
  /** The book's expected shortfall over the stress scenarios (USD) and how many scenarios. */
  tail: { bookShortfall: number; scenarios: number };
}

export class QuoteEngine {
  readonly instruments: readonly OptionInstrument[];
  readonly space: FactorSpace;
  readonly sizes: Float64Array;
  private readonly params: PremiumParams;
  private readonly byName: Map<string, number>;
  private readonly n: number;
  private readonly Z: number;
  private readonly S: number;
  private readonly F: number;

  // Per option, fixed.
  private readonly coin: Int32Array;
  private readonly isCall: Uint8Array;
  private readonly inverse: Uint8Array;
  private readonly strike: Float64Array;
  private readonly coinsPerContract: Float64Array;
  private readonly ladder: TickLadder[];

  // Per option, from the market.
  private readonly valued: Uint8Array;
  private readonly forward: Float64Array;
  private readonly years: Float64Array;
  private readonly vol: Float64Array;
  private readonly theo: Float64Array;
  private readonly usdToPrice: Float64Array;
  private readonly vegaPrice: Float64Array;
  private readonly factorSpot: Int32Array;
  private readonly factorGamma: Int32Array;
  private readonly factorVol: Int32Array;
  private readonly exposureSpot: Float64Array;
  private readonly exposureGamma: Float64Array;
  private readonly exposureVol: Float64Array;
  private readonly selfRisk: Float64Array;
  private readonly notional: Float64Array;
  private readonly base: Float64Array;
  private readonly fee: Float64Array;
  private readonly hedge: Float64Array;
  /** Per option and side. */
  private readonly adverse: Float64Array;
  private readonly holding: Float64Array;
  /** Per option, side and size: unwind cost through the book. */
  private readonly unwind: Float64Array;
  /** Per option: the live book's sides (empty before the first), held as given: a book update allocates nothing here. */
  private readonly bookBids: (readonly Level[])[];
  private readonly bookAsks: (readonly Level[])[];
  /**
   * Scratch for the unwind walk's square-root law (walkBook runs on every book update). NaN, not 0:
   * a field that starts as a small integer changes representation at its first double, and V8
   * throws away the code compiled against the old one.
   */
  private readonly law: SquareRootLaw = { Y: NaN, dailyPriceVol: NaN, dailyVolume: NaN };
  /** Why an option is not quoted whatever its premium (its data is stale), or null. */
  private readonly haltReason: (string | null)[];
  /** Per option and scenario: USD P&L per contract (full revaluation). */
  private readonly scenarioPnl: Float64Array;
  /** Per option: the largest |scenario P&L| per contract, which bounds how far a trade moves any scenario's loss. */
  private readonly scenarioPnlBound: Float64Array;

  // The book.
  private readonly position: Float64Array;
  private readonly exposure: Float64Array;
  private readonly sigma: Float64Array;
  private readonly sigmaE: Float64Array;
  private readonly grossNotional: Float64Array;
  private readonly bookLoss: Float64Array;
  private readonly limitOf: Float64Array;
  private readonly notionalLimit: Float64Array;
  private bookShortfall = 0;
  /** The scenarios the book's shortfall averages (the same one twice when it takes the worst alone), and their lead over the next. */
  private tailFirst = 0;
  private tailSecond = 0;
  private tailLead = Infinity;

  // Outputs per option and size (terms and suppression also per side).
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  private readonly terms: Float64Array;
  private readonly suppressed: Int32Array;

  private allDirty = true;
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Int32Array;
  private dirtyCount = 0;
  private readonly tailWorst: number;
  private readonly valuation = new Valuation();
  private readonly perContract = new FactorExposure();

  constructor(params: PremiumParams, instruments: readonly OptionInstrument[]) {
    this.params = params;
    this.instruments = instruments;
    this.space = new FactorSpace(params);
    this.sizes = Float64Array.from(params.sizes);
    const n = (this.n = instruments.length);
    const Z = (this.Z = params.sizes.length);
    const S = (this.S = params.scenarios.length);
    const F = (this.F = this.space.size);
    this.byName = new Map(instruments.map((instrument, i) => [instrument.name, i]));
    if (this.byName.size !== n) throw new Error('an instrument is listed twice');
    this.coin = Int32Array.from(instruments, (instrument) => this.space.coinIndex(instrument.base));
    this.isCall = Uint8Array.from(instruments, (instrument) => (instrument.optionType === 'call' ? 1 : 0));
    this.inverse = Uint8Array.from(instruments, (instrument) => (instrument.settlement === 'inverse' ? 1 : 0));
    this.strike = Float64Array.from(instruments, (instrument) => instrument.strike);
    this.coinsPerContract = Float64Array.from(instruments, (instrument) => contractSize(instrument));
    this.ladder = instruments.map((instrument) => optionTicks(instrument));
    const perOption = () => new Float64Array(n);
    this.valued = new Uint8Array(n);
    this.forward = perOption();
    this.years = perOption();
    this.vol = perOption();
    this.theo = perOption();
    this.usdToPrice = perOption();
    this.vegaPrice = perOption();
    this.factorSpot = new Int32Array(n);
    this.factorGamma = new Int32Array(n);
    this.factorVol = new Int32Array(n);
    this.exposureSpot = perOption();
    this.exposureGamma = perOption();
    this.exposureVol = perOption();
    this.selfRisk = perOption();
    this.notional = perOption();
    this.base = perOption();
    this.fee = perOption();
    this.hedge = perOption();
    this.adverse = new Float64Array(n * 2);
    this.holding = new Float64Array(n * 2);
    this.unwind = new Float64Array(n * 2 * Z);
    this.bookBids = new Array<readonly Level[]>(n).fill(NO_LEVELS);
    this.bookAsks = new Array<readonly Level[]>(n).fill(NO_LEVELS);
    this.haltReason = new Array<string | null>(n).fill(null);
    this.scenarioPnl = new Float64Array(n * S);
    this.scenarioPnlBound = perOption();
    this.position = perOption();
    this.exposure = new Float64Array(F);
    this.sigma = horizonCovariance(this.space, params);
    this.sigmaE = new Float64Array(F);
    this.grossNotional = new Float64Array(this.space.underlyings.length);
    this.bookLoss = new Float64Array(S);
    this.limitOf = new Float64Array(F);
    for (let f = 0; f < F; f++) {
      const limits = params.limits[this.space.underlyings[this.space.coinOf(f)]!]!;
      const kind = this.space.kindOf(f);
      this.limitOf[f] = kind === 'delta' ? limits.delta : kind === 'gamma' ? limits.gamma / ONE_PERCENT_SQUARED : limits.vega;
    }
    this.notionalLimit = Float64Array.from(this.space.underlyings, (coin) => params.limits[coin]!.notional);
    this.bid = new Float64Array(n * Z).fill(NaN);
    this.ask = new Float64Array(n * Z).fill(NaN);
    this.terms = new Float64Array(n * Z * 2 * NTERMS);
    this.suppressed = new Int32Array(n * Z * 2).fill(NOT_VALUED);
    this.dirty = new Uint8Array(n);
    this.dirtyList = new Int32Array(n);
    this.tailWorst = params.tailWorst;
  }

  indexOf(instrument: string): number {
    const i = this.byName.get(instrument);
    if (i === undefined) throw new Error(`${instrument} is not quoted by this engine`);
    return i;
  }

  /** Whether the engine quotes an instrument. */
  quotes(instrument: string): boolean {
    return this.byName.has(instrument);
  }

  /** Option i's theo and vega in its price currency and USD per unit of that price; null before it is valued. */
  markOf(i: number): { mark: number; vegaPrice: number; usdPerPrice: number } | null {
    if (!this.valued[i]) return null;
    return { mark: this.theo[i]!, vegaPrice: this.vegaPrice[i]!, usdPerPrice: 1 / this.usdToPrice[i]! };
  }

  get optionCount(): number {
    return this.n;
  }

  // ---- inputs ----

  /** New forward, time and surface vol for option i: theo, greeks, exposures and stress P&L. */
  setMarket(i: number, market: OptionMarket): void {
    const held = this.position[i]!;
    if (held !== 0) this.moveBook(i, held, 0);
    this.value(i, market);
    if (held !== 0) this.moveBook(i, 0, held);
    this.markDirty(i, held !== 0);
  }

  /** The live book of option i (levels best first, prices in its price currency), read until the next setBook of i, which may pass the same arrays rewritten. */
  setBook(i: number, bids: readonly Level[], asks: readonly Level[]): void {
    this.bookBids[i] = bids;
    this.bookAsks[i] = asks;
    if (this.valued[i]) this.walkBook(i);
    this.markDirty(i, false);
  }

  /**
   * Stop quoting option i, saying why (its feed is stale: 'stale: venue-down'), or resume with null.
   * Its position still counts in the book's risk.
   */
  halt(i: number, reason: string | null): void {
    if (this.haltReason[i] === reason) return;
    this.haltReason[i] = reason;
    this.markDirty(i, false);
  }

  /** Add a fill to the book: size signed, contracts (+ the dealer bought). */
  addFill(i: number, size: number): void {
    if (!Number.isFinite(size)) throw new Error('a fill size must be finite');
    const before = this.position[i]!;
    this.position[i] = before + size;
    if (this.valued[i]) this.moveBook(i, before, before + size);
    this.allDirty = true;
  }

  /** Replace the book's positions (contracts, signed) wholesale. */
  setPositions(positions: ReadonlyMap<number, number>): void {
    for (let i = 0; i < this.n; i++) {
      const target = positions.get(i) ?? 0;
      const change = target - this.position[i]!;
      if (change !== 0) this.addFill(i, change);
    }
  }

  positionOf(i: number): number {
    return this.position[i]!;
  }

  /** The book's exposure on a factor (USD per factor unit), for views and hedges. */
  exposureOf(factor: number): number {
    return this.exposure[factor]!;
  }

  /** The inputs of option i's terms; null before it is valued. */
  inputsOf(i: number): QuoteInputs | null {
    if (!this.valued[i]) return null;
    const factors = [this.factorSpot[i]!, this.factorGamma[i]!, this.factorVol[i]!];
    const perContract = [this.exposureSpot[i]!, this.exposureGamma[i]!, this.exposureVol[i]!];
    const c = this.coin[i]!;
    const observed = this.params.markouts[this.space.bucketKey(c, this.space.bucketOf(this.years[i]!))];
    const bids = this.bookBids[i]!;
    const asks = this.bookAsks[i]!;
    const contracts = (levels: readonly Level[]) => levels.reduce((sum, [, amount]) => sum + amount, 0);
    return {
      instrument: this.instruments[i]!.name,
      position: this.position[i]!,
      forward: this.forward[i]!,
      T: this.years[i]!,
      vol: this.vol[i]!,
      vegaPrice: this.vegaPrice[i]!,
      factors: factors.map((f, k) => ({ name: this.space.name(f), perContract: perContract[k]!, book: this.exposure[f]!, limit: this.limitOf[f]! })),
      sigma: factors.map((f) => factors.map((g) => this.sigma[f * this.F + g]!)),
      markouts: {
        bid: observed?.bid ?? { mean: 0, count: 0 },
        ask: observed?.ask ?? { mean: 0, count: 0 },
        prior: { volPts: this.params.adversePriorVolPts, fills: this.params.adversePriorFills },
      },
      book: bids === NO_LEVELS && asks === NO_LEVELS ? null : { bidLevels: bids.length, bidContracts: contracts(bids), askLevels: asks.length, askContracts: contracts(asks) },
      tail: { bookShortfall: this.bookShortfall, scenarios: this.S },
    };
  }

  // ---- requote ----

  /** Requote what changed since the last call; returns how many options were requoted. */
  requote(): number {
    if (this.allDirty) {
      this.refreshBook();
      for (let i = 0; i < this.n; i++) this.quoteOption(i);
      this.allDirty = false;
      this.clearDirty();
      return this.n;
    }
    const count = this.dirtyCount;
    for (let d = 0; d < count; d++) this.quoteOption(this.dirtyList[d]!);
    this.clearDirty();
    return count;
  }

  /** Requote one option now (after a fill the book's terms are refreshed first). */
  requoteOption(i: number): void {
    if (this.allDirty) this.refreshBook();
    this.quoteOption(i);
  }

  // ---- outputs ----

  termOf(i: number, z: number, side: QuoteSide, term: Term): number {
    return this.terms[((i * this.Z + z) * 2 + (side === 'bid' ? 0 : 1)) * NTERMS + TERMS.indexOf(term)]!;
  }

  /** Option i's theo (price currency per contract); NaN before it is valued. */
  theoOf(i: number): number {
    return this.valued[i] ? this.theo[i]! : NaN;
  }

  /** Copy the terms of option i at size z into `out` from `offset`: the bid's TERMS, then the ask's (allocates nothing). */
  termsInto(i: number, z: number, out: Float64Array, offset: number): void {
    const from = (i * this.Z + z) * 2 * NTERMS;
    const { terms } = this;
    for (let t = 0; t < 2 * NTERMS; t++) out[offset + t] = terms[from + t]!; // a subarray a call is an allocation a quote and step
  }

  view(i: number, z: number): QuoteView {
    const slot = i * this.Z + z;
    const theo = this.theo[i]!;
    const vegaPrice = this.vegaPrice[i]!;
    const premium = {} as QuoteView['premium'];
    const premiumVolPts = {} as QuoteView['premiumVolPts'];
    TERMS.forEach((term, t) => {
      const bid = this.terms[(slot * 2) * NTERMS + t]!;
      const ask = this.terms[(slot * 2 + 1) * NTERMS + t]!;
      premium[term] = { bid, ask };
      premiumVolPts[term] = { bid: vegaPrice > 0 ? bid / vegaPrice : 0, ask: vegaPrice > 0 ? ask / vegaPrice : 0 };
    });
    const bid = this.bid[slot]!;
    const ask = this.ask[slot]!;
    const ivOf = (price: number) => (Number.isNaN(price) || !(vegaPrice > 0) ? null : this.vol[i]! + ((price - theo) / vegaPrice) * 0.01);
    return {
      instrument: this.instruments[i]!.name,
      size: this.sizes[z]!,
      theo,
      vol: this.vol[i]!,
      bid: Number.isNaN(bid) ? null : bid,
      ask: Number.isNaN(ask) ? null : ask,
      bidIv: ivOf(bid),
      askIv: ivOf(ask),
      premium,
      premiumVolPts,
      limits: { bid: this.limitName(i, this.suppressed[slot * 2]!), ask: this.limitName(i, this.suppressed[slot * 2 + 1]!) },
      suppressed: suppressionOf(this.limitName(i, this.suppressed[slot * 2]!), this.limitName(i, this.suppressed[slot * 2 + 1]!)),
    };
  }

  private limitName(i: number, code: number): string | null {
    if (code === NOT_SUPPRESSED) return null;
    if (code === HALTED) return this.haltReason[i] ?? 'halted';
    if (code === BELOW_ONE_TICK) return 'below one tick';
    if (code === NOT_VALUED) return 'no market';
    if (code >= this.F) return `notional ${this.space.underlyings[code - this.F]}`;
    return this.space.name(code);
  }

  // ---- internals ----

  private markDirty(i: number, everything: boolean): void {
    if (everything) this.allDirty = true;
    else if (!this.dirty[i]) {
      this.dirty[i] = 1;
      this.dirtyList[this.dirtyCount++] = i;
    }
  }

  private clearDirty(): void {
    for (let d = 0; d < this.dirtyCount; d++) this.dirty[this.dirtyList[d]!] = 0;
    this.dirtyCount = 0;
  }

  private value(i: number, { forward, T, vol }: OptionMarket): void {
    if (!(forward > 0 && T > 0 && vol > 0 && Number.isFinite(forward + T + vol))) {
      throw new Error(`${this.instruments[i]!.name}: market needs a positive forward, time and vol (got ${forward}, ${T}, ${vol})`);
    }
    const p = this.params;
    const c = this.coin[i]!;
    const coinName = this.space.underlyings[c]!;
    const m = this.coinsPerContract[i]!;
    const K = this.strike[i]!;
    const kind = this.isCall[i] ? 'call' : 'put';
    const v = black76(this.valuation, kind, forward, K, T, vol);
    const toPrice = this.inverse[i] ? 1 / forward : 1;
    const bucket = this.space.bucketOf(T);
    this.valued[i] = 1;
    this.forward[i] = forward;
    this.years[i] = T;
    this.vol[i] = vol;
    this.usdToPrice[i] = toPrice;
    this.theo[i] = m * v.price * toPrice;
    const vegaUsd = m * v.vega;
    this.vegaPrice[i] = vegaUsd * toPrice;
    this.factorSpot[i] = this.space.spot(c);
    this.factorGamma[i] = this.space.gamma(c);
    this.factorVol[i] = this.space.vol(c, bucket);
    const e = optionExposure(this.perContract, v, m, forward);
    const eS = (this.exposureSpot[i] = e.spot);
    const eG = (this.exposureGamma[i] = e.gamma);
    const eV = (this.exposureVol[i] = e.vol);
    const F = this.F;
    const fs = this.factorSpot[i]!;
    const fg = this.factorGamma[i]!;
    const fv = this.factorVol[i]!;
    const sg = this.sigma;
    this.selfRisk[i] =
      eS * eS * sg[fs * F + fs]! + eG * eG * sg[fg * F + fg]! + eV * eV * sg[fv * F + fv]! + 2 * eS * eV * sg[fs * F + fv]! + 2 * eS * eG * sg[fs * F + fg]! + 2 * eG * eV * sg[fg * F + fv]!;
    this.notional[i] = m * forward;

    const intensity = p.bucketIntensity[this.space.bucketKey(c, bucket)] ?? p.intensity;
    // k per USD of distance: a vol point of distance is vega USD away.
    this.base[i] = vegaUsd > 0 ? glftBaseHalfSpread(p.riskAversion, intensity.k / vegaUsd) * toPrice : 0;
    this.fee[i] = optionFee(this.instruments[i]!, forward, this.theo[i]!);

    const markouts = p.markouts[this.space.bucketKey(c, bucket)];
    for (let side = 0; side < 2; side++) {
      const observed = markouts ? (side === 0 ? markouts.bid : markouts.ask) : { mean: 0, count: 0 };
      // Credibility shrinkage toward the prior: (n mean + n0 prior) / (n + n0); informed flow is charged, never paid.
      const shrunk = (observed.count * observed.mean + p.adversePriorFills * p.adversePriorVolPts) / (observed.count + p.adversePriorFills);
      this.adverse[i * 2 + side] = Math.max(shrunk, 0) * this.vegaPrice[i]!;
    }

    this.hedge[i] = Math.abs(eS) * p.hedgeCost * toPrice;
    const tau = p.unwindYears;
    const funding = p.funding[coinName]! * tau * eS; // the hedge is short eS USD of perpetual when buying
    const margin = shortOptionMargin(p.shortMarginRate, this.isCall[i] === 1, K, forward, m, v.price);
    this.holding[i * 2] = (-funding + p.capitalRate * tau * m * v.price) * toPrice;
    this.holding[i * 2 + 1] = (funding + p.capitalRate * tau * margin) * toPrice;

    const S = this.S;
    const base = m * v.price;
    let bound = 0;
    for (let j = 0; j < S; j++) {
      const scenario = p.scenarios[j]!;
      const shocked = forward * Math.exp(scenario.spot[coinName] ?? 0);
      const shockedVol = Math.max(vol + (scenario.vol[coinName] ?? 0), VOL_FLOOR);
      const pnl = (this.scenarioPnl[i * S + j] = m * black76Price(kind, shocked, K, T, shockedVol) - base);
      bound = Math.max(bound, Math.abs(pnl));
    }
    this.scenarioPnlBound[i] = bound;
    this.walkBook(i);
  }

  /** Unwind costs for every size and side: through the live book, or the square-root law without one. */
  private walkBook(i: number): void {
    const bids = this.bookBids[i]!;
    const asks = this.bookAsks[i]!;
    const theo = this.theo[i]!;
    const { law } = this;
    law.Y = this.params.impactY;
    law.dailyPriceVol = this.dailyPriceVol(i);
    law.dailyVolume = this.params.dailyVolume[this.space.underlyings[this.coin[i]!]!]!;
    unwindCostsInto(this.unwind, i * 2 * this.Z, bids, this.sizes, theo, true, law);
    unwindCostsInto(this.unwind, (i * 2 + 1) * this.Z, asks, this.sizes, theo, false, law);
  }

  /** Daily price vol of an option (price currency): its spot and vol exposures over a day. */
  private dailyPriceVol(i: number): number {
    const coinName = this.space.underlyings[this.coin[i]!]!;
    const spotVol = this.params.spotVol[coinName]!;
    const volOfVol = this.params.volOfVol[coinName]![this.space.bucketOf(this.years[i]!)]!;
    return dailyPriceVolUsd(this.exposureSpot[i]!, spotVol, this.exposureVol[i]!, volOfVol) * this.usdToPrice[i]!;
  }

  /** Move the book's exposures, gross notional and scenario losses as option i's position goes from `from` to `to`. */
  private moveBook(i: number, from: number, to: number): void {
    const size = to - from;
    this.grossNotional[this.coin[i]!]! += (Math.abs(to) - Math.abs(from)) * this.notional[i]!;
    this.exposure[this.factorSpot[i]!]! += size * this.exposureSpot[i]!;
    this.exposure[this.factorGamma[i]!]! += size * this.exposureGamma[i]!;
    this.exposure[this.factorVol[i]!]! += size * this.exposureVol[i]!;
    for (let j = 0; j < this.S; j++) this.bookLoss[j]! -= size * this.scenarioPnl[i * this.S + j]!;
  }

  /** The book-wide quantities every option's terms read: Sigma E and the expected shortfall. */
  private refreshBook(): void {
    const F = this.F;
    for (let f = 0; f < F; f++) {
      let sum = 0;
      for (let g = 0; g < F; g++) sum += this.sigma[f * F + g]! * this.exposure[g]!;
      this.sigmaE[f] = sum;
    }
    this.bookShortfall = this.shortfall(this.bookLoss, 0, 0);
    this.rankTail();
  }

  /**
   * Which scenarios the book's shortfall averages, and by how much they lead the next worst: a
   * trade of c contracts of option i moves every scenario's loss by at most |c| bound_i, so while
   * 2 |c| bound_i is under that lead the same scenarios stay the worst, and the shortfall after
   * the trade is theirs alone (quoteOption), equal to the full pass's to the last bit.
   */
  private rankTail(): void {
    const loss = this.bookLoss;
    let first = 0;
    let second = -1;
    let third = -1;
    for (let j = 1; j < this.S; j++) {
      if (loss[j]! > loss[first]!) {
        third = second;
        second = first;
        first = j;
      } else if (second < 0 || loss[j]! > loss[second]!) {
        third = second;
        second = j;
      } else if (third < 0 || loss[j]! > loss[third]!) third = j;
    }
    const alone = this.tailWorst === 1 || this.S === 1;
    const last = alone ? first : second;
    const next = alone ? second : third;
    this.tailFirst = first;
    this.tailSecond = last;
    // Less a rounding allowance: the losses after a trade are themselves rounded.
    this.tailLead = next < 0 ? Infinity : loss[last]! - loss[next]! - TAIL_ROUNDING * (Math.abs(loss[last]!) + Math.abs(loss[next]!));
  }

  /**
   * Expected shortfall of (book loss - change x option i's scenario P&L): the mean of its worst
   * one or two scenarios, kept in two locals (this runs for every side and size of every option).
   */
  private shortfall(loss: Float64Array, i: number, change: number): number {
    const pnl = this.scenarioPnl;
    const S = this.S;
    const offset = i * S;
    let worst = -Infinity;
    let second = -Infinity;
    for (let j = 0; j < S; j++) {
      const value = loss[j]! - change * pnl[offset + j]!;
      if (value > second) {
        if (value > worst) {
          second = worst;
          worst = value;
        } else second = value;
      }
    }
    return this.tailWorst === 1 || S === 1 ? worst : 0.5 * (worst + second);
  }

  private quoteOption(i: number): void {
    const Z = this.Z;
    if (!this.valued[i] || this.haltReason[i] !== null) {
      const code = this.haltReason[i] !== null ? HALTED : NOT_VALUED;
      for (let z = 0; z < Z; z++) {
        const slot = i * Z + z;
        this.bid[slot] = this.ask[slot] = NaN;
        this.suppressed[slot * 2] = this.suppressed[slot * 2 + 1] = code;
      }
      return;
    }
    const p = this.params;
    const fs = this.factorSpot[i]!;
    const fg = this.factorGamma[i]!;
    const fv = this.factorVol[i]!;
    const eS = this.exposureSpot[i]!;
    const eG = this.exposureGamma[i]!;
    const eV = this.exposureVol[i]!;
    const toPrice = this.usdToPrice[i]!;
    const gamma = p.riskAversion;
    const crossRisk = eS * this.sigmaE[fs]! + eG * this.sigmaE[fg]! + eV * this.sigmaE[fv]!;
    const selfRisk = this.selfRisk[i]!;
    const theo = this.theo[i]!;
    const base = this.base[i]!;
    const fee = this.fee[i]!;
    const hedge = this.hedge[i]!;
    const tailScale = p.tailPrice * p.unwindYears * toPrice;
    const c = this.coin[i]!;
    const held = this.position[i]!;
    const ladder = this.ladder[i]!;
    // Sizes up to this cannot reorder the book's worst scenarios (rankTail): only those are read.
    const tailFixedUpTo = this.tailLead / (2 * this.scenarioPnlBound[i]!);
    const lossFirst = this.bookLoss[this.tailFirst]!;
    const lossSecond = this.bookLoss[this.tailSecond]!;
    const pnlFirst = this.scenarioPnl[i * this.S + this.tailFirst]!;
    const pnlSecond = this.scenarioPnl[i * this.S + this.tailSecond]!;
    const alone = this.tailFirst === this.tailSecond;
    for (let z = 0; z < Z; z++) {
      const size = this.sizes[z]!;
      const slot = i * Z + z;
      for (let side = 0; side < 2; side++) {
        const s = side === 0 ? 1 : -1;
        const out = (slot * 2 + side) * NTERMS;
        const terms = this.terms;
        terms[out + T_BASE] = base;
        terms[out + T_INVENTORY] = gamma * (s * crossRisk + 0.5 * size * selfRisk) * toPrice;
        terms[out + T_ADVERSE] = this.adverse[i * 2 + side]!;
        terms[out + T_LIQUIDITY] = this.unwind[(i * 2 + side) * Z + z]! + hedge;
        terms[out + T_HOLDING] = this.holding[i * 2 + side]!;
        const change = s * size;
        const shortfall = !(size < tailFixedUpTo)
          ? this.shortfall(this.bookLoss, i, change)
          : alone
            ? lossFirst - change * pnlFirst
            : 0.5 * (lossFirst - change * pnlFirst + (lossSecond - change * pnlSecond));
        terms[out + T_TAIL] = (tailScale * (shortfall - this.bookShortfall)) / size;
        const premium =
          base + terms[out + T_INVENTORY]! + terms[out + T_ADVERSE]! + terms[out + T_LIQUIDITY]! + terms[out + T_HOLDING]! + terms[out + T_TAIL]!;
        // Never through theo: a risk-reducing side may come to theo, not past it.
        const clamp = premium < 0 ? -premium : 0;
        terms[out + T_FEE] = fee;
        terms[out + T_CLAMP] = clamp;
        const raw = theo - s * (premium + clamp + fee);
        const rounded = roundToTick(raw, ladder, side === 0 ? 'down' : 'up');
        terms[out + T_ROUNDING] = s * (raw - rounded);
        let code = this.breach(i, s * size, eS, eG, eV, fs, fg, fv, c, held);
        if (code === NOT_SUPPRESSED && side === 0 && !(rounded > 0)) code = BELOW_ONE_TICK;
        this.suppressed[slot * 2 + side] = code;
        const price = code === NOT_SUPPRESSED ? rounded : NaN;
        if (side === 0) this.bid[slot] = price;
        else this.ask[slot] = price;
      }
    }
  }

  /** The first limit a trade of `change` contracts would breach while moving away from flat. */
  private breach(i: number, change: number, eS: number, eG: number, eV: number, fs: number, fg: number, fv: number, c: number, held: number): number {
    if (this.exceeds(fs, change * eS)) return fs;
    if (this.exceeds(fv, change * eV)) return fv;
    if (this.exceeds(fg, change * eG)) return fg;
    const grossChange = (Math.abs(held + change) - Math.abs(held)) * this.notional[i]!;
    if (grossChange > 0 && this.grossNotional[c]! + grossChange > this.notionalLimit[c]!) return this.F + c;
    return NOT_SUPPRESSED;
  }

  private exceeds(factor: number, change: number): boolean {
    const before = this.exposure[factor]!;
    const after = Math.abs(before + change);
    return after > this.limitOf[factor]! && after > Math.abs(before);
  }
}

function suppressionOf(bid: string | null, ask: string | null): QuoteView['suppressed'] {
  if (bid !== null && ask !== null) return { side: 'both', limit: bid === ask ? bid : `${bid}; ${ask}` };
  if (bid !== null) return { side: 'bid', limit: bid };
  return ask !== null ? { side: 'ask', limit: ask } : null;
}

const NO_LEVELS: readonly Level[] = [];

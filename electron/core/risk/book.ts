/**
 * The book's risk: every position (options, dated futures, perpetuals) revalued on its mark and
 * its greeks summed into cells by underlying, expiry and delta bucket, plus the factor exposure
 * vector E the premium engine and the hedges read (one exposure model: premium/exposure.ts).
 *
 * Greeks in Deribit's units (MODEL.md, "Units"), times position size and contract size:
 *   delta         coins of underlying (Black-76 delta on the forward)
 *   netDelta      coin account's "net transaction delta": inverse options delta - mark (coin),
 *                 since their premium is paid in the coin itself; linear options and futures as delta
 *   deltaUsd      delta x F: USD P&L per unit log-return (the spot factor exposure)
 *   gamma         coins per USD (dDelta/dF)
 *   gammaUsd      USD P&L of a 1% move's convexity, Gamma F^2 / 2 x 1e-4 (the gamma limit's unit)
 *   vega          USD per vol point;  standardVega = vega sqrt(30 days / T), so a vol move that
 *                 scales as 1/sqrt(T) (short tenors move most) weighs each expiry alike
 *   theta         USD per day;  vanna  USD delta per vol point (dDelta/dvol x F);  volga USD per vol point^2
 *   value         mark value in USD (options; futures carry no premium)
 *   shortMargin   Deribit-style margin of the short options (premium/exposure.ts), USD
 *   notional      gross |size| m F, USD
 *
 * A perpetual or future of amount A: inverse ones count A USD, so delta A/F coins (its coin P&L
 * A(1/F0 - 1/F1) is worth A r in USD for a log-return r); linear ones count coins, delta A.
 *
 * setMark revalues a position's greeks per contract when its market moves (as the premium engine's
 * setMarket does); rebuild() sums size x greeks into the cells and E after fills or marks, in typed
 * arrays without allocating; report() builds the views.
 */
import type { Instrument } from '../../../shared/domain/instrument';
import { contractSize } from '../../../shared/domain/venue-rules';
import { black76, Valuation } from '../pricing/black76';
import { FactorExposure, optionExposure, shortOptionMargin } from '../premium/exposure';
import { FactorSpace } from '../premium/factors';
import type { PremiumParams } from '../premium/params';

export const GREEKS = [
  'delta',
  'netDelta',
  'deltaUsd',
  'gamma',
  'gammaUsd',
  'vega',
  'standardVega',
  'theta',
  'vanna',
  'volga',
  'value',
  'shortMargin',
  'notional',
] as const;
export type Greek = (typeof GREEKS)[number];
export type Greeks = Record<Greek, number>;
const NG = GREEKS.length;
const [DELTA, NET_DELTA, DELTA_USD, GAMMA, GAMMA_USD, VEGA, STANDARD_VEGA, THETA, VANNA, VOLGA, VALUE, SHORT_MARGIN, NOTIONAL] = GREEKS.map(
  (_, g) => g,
) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number];

/** Call-equivalent delta bucket edges (a put's is 1 + its delta): 10, 25, 40, 60, 75, 90 delta. */
export const DELTA_EDGES = [0.1, 0.25, 0.4, 0.6, 0.75, 0.9] as const;
export const DELTA_BUCKETS = [...DELTA_EDGES.map((edge, b) => `${b === 0 ? 0 : Math.round(DELTA_EDGES[b - 1]! * 100)}-${Math.round(edge * 100)}d`), '90-100d', 'futures'];
const FUTURES_BUCKET = DELTA_BUCKETS.length - 1;
const ND = DELTA_BUCKETS.length;
const STANDARD_TENOR_YEARS = 30 / 365;
const ONE_PERCENT_SQUARED = 1e-4;

export interface Mark {
  /** The instrument's forward (options: their expiry's; futures: their own mark; perpetuals: the perpetual's mark). */
  forward: number;
  /** Years to expiry (options and futures; 0 for perpetuals). */
  T: number;
  /** Implied vol as a fraction (options; ignored otherwise). */
  vol: number;
}

export interface RiskCell extends Greeks {
  underlying: string;
  /** Expiry (ms), null for perpetuals. */
  expiry: number | null;
}

export interface RiskReport {
  byUnderlying: ({ underlying: string; limitUse: { delta: number; vega: number; gamma: number; notional: number } } & Greeks)[];
  /** Vega per expiry (and every other greek), with the expiry's tenor bucket. */
  byExpiry: (RiskCell & { tenorBucket: string })[];
  byDeltaBucket: (RiskCell & { deltaBucket: string })[];
  total: { deltaUsd: number; vega: number; gammaUsd: number; theta: number; value: number; shortMargin: number; notional: number };
}

export class RiskBook {
  readonly space: FactorSpace;
  readonly instruments: readonly Instrument[];
  /** Per (coin, expiry) group: its coin and expiry (0 = perpetual). */
  private readonly groupCoin: Int32Array;
  private readonly groupExpiry: Float64Array;
  private readonly groupYears: Float64Array;
  private readonly group: Int32Array;
  private readonly coin: Int32Array;
  private readonly isOption: Uint8Array;
  private readonly isCall: Uint8Array;
  private readonly inverse: Uint8Array;
  private readonly strike: Float64Array;
  private readonly coinsPerContract: Float64Array;
  private readonly size: Float64Array;
  private readonly years: Float64Array;
  private readonly marked: Uint8Array;
  /** Per position, per greek: one contract's (or one unit of amount's), from its mark. */
  private readonly unit: Float64Array;
  /** Per position: its cell (group x delta bucket) and its factors. */
  private readonly cell: Int32Array;
  private readonly spotFactor: Int32Array;
  private readonly gammaFactor: Int32Array;
  private readonly volFactor: Int32Array;
  private readonly unitGamma: Float64Array;
  /** Per position, per greek (times size), from the last rebuild. */
  readonly greeks: Float64Array;
  /** Per cell, per greek. */
  private readonly cells: Float64Array;
  /** The factor exposure vector E (USD per factor unit). */
  readonly exposure: Float64Array;
  private readonly margin: PremiumParams['shortMarginRate'];
  private readonly limits: PremiumParams['limits'];
  private readonly valuation = new Valuation();
  private readonly perContract = new FactorExposure();

  constructor(params: PremiumParams, instruments: readonly Instrument[]) {
    this.space = new FactorSpace(params);
    this.instruments = instruments;
    this.margin = params.shortMarginRate;
    this.limits = params.limits;
    const n = instruments.length;
    this.coin = Int32Array.from(instruments, (instrument) => this.space.coinIndex(instrument.base));
    this.isOption = Uint8Array.from(instruments, (instrument) => (instrument.kind === 'option' ? 1 : 0));
    this.isCall = Uint8Array.from(instruments, (instrument) => (instrument.kind === 'option' && instrument.optionType === 'call' ? 1 : 0));
    this.inverse = Uint8Array.from(instruments, (instrument) => (instrument.settlement === 'inverse' ? 1 : 0));
    this.strike = Float64Array.from(instruments, (instrument) => (instrument.kind === 'option' ? instrument.strike : 0));
    this.coinsPerContract = Float64Array.from(instruments, (instrument) => (instrument.kind === 'option' ? contractSize(instrument) : 1));
    const groups = new Map<string, number>();
    const groupCoin: number[] = [];
    const groupExpiry: number[] = [];
    this.group = Int32Array.from(instruments, (instrument, i) => {
      const expiry = instrument.kind === 'perpetual' ? 0 : instrument.expiry;
      const key = `${instrument.base} ${expiry}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = groups.size;
        groups.set(key, g);
        groupCoin.push(this.coin[i]!);
        groupExpiry.push(expiry);
      }
      return g;
    });
    this.groupCoin = Int32Array.from(groupCoin);
    this.groupExpiry = Float64Array.from(groupExpiry);
    this.groupYears = new Float64Array(groupCoin.length);
    this.size = new Float64Array(n);
    this.years = new Float64Array(n);
    this.marked = new Uint8Array(n);
    this.unit = new Float64Array(n * NG);
    this.cell = new Int32Array(n);
    this.spotFactor = Int32Array.from(this.coin, (c) => this.space.spot(c));
    this.gammaFactor = Int32Array.from(this.coin, (c) => this.space.gamma(c));
    this.volFactor = new Int32Array(n);
    this.unitGamma = new Float64Array(n);
    this.greeks = new Float64Array(n * NG);
    this.cells = new Float64Array(groupCoin.length * ND * NG);
    this.exposure = new Float64Array(this.space.size);
  }

  get positionCount(): number {
    return this.instruments.length;
  }

  /** Contracts (options) or the amount (futures, perpetuals: USD for inverse, coins for linear), signed. */
  setSize(i: number, size: number): void {
    if (!Number.isFinite(size)) throw new Error(`${this.instruments[i]!.name}: a position size must be finite`);
    this.size[i] = size;
  }

  /** A new mark for position i: its greeks per contract are revalued now, its exposure at the next rebuild. */
  setMark(i: number, { forward: F, T, vol }: Mark): void {
    const option = this.isOption[i] === 1;
    if (!(F > 0 && Number.isFinite(F)) || (option && !(T > 0 && vol > 0 && Number.isFinite(T + vol)))) {
      throw new Error(`${this.instruments[i]!.name}: a mark needs a positive forward${option ? ', time and vol' : ''} (got ${F}, ${T}, ${vol})`);
    }
    const unit = this.unit;
    const out = i * NG;
    this.years[i] = Math.max(T, 0);
    this.marked[i] = 1;
    if (!option) {
      // Per unit of amount: a USD of an inverse future, a coin of a linear one.
      const deltaUsd = this.inverse[i] ? 1 : F;
      for (let g = 0; g < NG; g++) unit[out + g] = 0;
      unit[out + DELTA] = unit[out + NET_DELTA] = deltaUsd / F;
      unit[out + DELTA_USD] = deltaUsd;
      unit[out + NOTIONAL] = deltaUsd;
      this.cell[i] = this.group[i]! * ND + FUTURES_BUCKET;
      this.unitGamma[i] = 0;
      return;
    }
    const m = this.coinsPerContract[i]!;
    const v = black76(this.valuation, this.isCall[i] ? 'call' : 'put', F, this.strike[i]!, T, vol);
    const e = optionExposure(this.perContract, v, m, F);
    unit[out + DELTA] = m * v.delta;
    unit[out + NET_DELTA] = m * (this.inverse[i] ? v.delta - v.price / F : v.delta);
    unit[out + DELTA_USD] = e.spot;
    unit[out + GAMMA] = m * v.gamma;
    unit[out + GAMMA_USD] = e.gamma * ONE_PERCENT_SQUARED;
    unit[out + VEGA] = e.vol;
    unit[out + STANDARD_VEGA] = e.vol * Math.sqrt(STANDARD_TENOR_YEARS / T);
    unit[out + THETA] = m * v.theta;
    unit[out + VANNA] = m * v.vanna * F;
    unit[out + VOLGA] = m * v.volga;
    unit[out + VALUE] = m * v.price;
    unit[out + SHORT_MARGIN] = shortOptionMargin(this.margin, this.isCall[i] === 1, this.strike[i]!, F, m, v.price);
    unit[out + NOTIONAL] = m * F;
    const callDelta = this.isCall[i] ? v.delta : 1 + v.delta;
    let b = 0;
    while (b < DELTA_EDGES.length && callDelta >= DELTA_EDGES[b]!) b++;
    this.cell[i] = this.group[i]! * ND + b;
    this.unitGamma[i] = e.gamma;
    this.volFactor[i] = this.space.vol(this.coin[i]!, this.space.bucketOf(T));
  }

  /** Sum every position's greeks (size x per contract) into the cells and the factor exposures. */
  rebuild(): void {
    const unmarked = this.marked.indexOf(0);
    if (unmarked >= 0) throw new Error(`${this.instruments[unmarked]!.name} has no mark`);
    const { cells, exposure, greeks, unit } = this;
    cells.fill(0);
    exposure.fill(0);
    for (let i = 0; i < this.instruments.length; i++) {
      const size = this.size[i]!;
      const at = i * NG;
      for (let g = 0; g < NG; g++) greeks[at + g] = size * unit[at + g]!;
      greeks[at + SHORT_MARGIN] = size < 0 ? -size * unit[at + SHORT_MARGIN]! : 0;
      greeks[at + NOTIONAL] = Math.abs(size) * unit[at + NOTIONAL]!;
      const into = this.cell[i]! * NG;
      for (let g = 0; g < NG; g++) cells[into + g]! += greeks[at + g]!;
      exposure[this.spotFactor[i]!]! += greeks[at + DELTA_USD]!;
      if (this.isOption[i]) {
        exposure[this.gammaFactor[i]!]! += size * this.unitGamma[i]!;
        exposure[this.volFactor[i]!]! += greeks[at + VEGA]!;
      }
      this.groupYears[this.group[i]!] = this.years[i]!;
    }
  }

  /** Greeks of position i (times its size), from the last rebuild. */
  positionGreeks(i: number): Greeks {
    return greeksAt(this.greeks, i * NG);
  }

  /** The views a trader reads, from the last rebuild: non-empty cells only. */
  report(): RiskReport {
    const coins = this.space.underlyings;
    const perCoin = coins.map(() => new Float64Array(NG));
    const byExpiry: RiskReport['byExpiry'] = [];
    const byDeltaBucket: RiskReport['byDeltaBucket'] = [];
    const groups = this.groupCoin.length;
    for (let g = 0; g < groups; g++) {
      const c = this.groupCoin[g]!;
      const expiry = this.groupExpiry[g]! || null;
      const sum = new Float64Array(NG);
      let occupied = false;
      for (let b = 0; b < ND; b++) {
        const at = (g * ND + b) * NG;
        if (!this.cells.subarray(at, at + NG).some((value) => value !== 0)) continue;
        occupied = true;
        for (let k = 0; k < NG; k++) sum[k]! += this.cells[at + k]!;
        byDeltaBucket.push({ underlying: coins[c]!, expiry, deltaBucket: DELTA_BUCKETS[b]!, ...greeksAt(this.cells, at) });
      }
      if (!occupied) continue;
      for (let k = 0; k < NG; k++) perCoin[c]![k]! += sum[k]!;
      const tenorBucket = expiry === null ? 'perpetual' : this.space.bucketLabels[this.space.bucketOf(this.groupYears[g]!)]!;
      byExpiry.push({ underlying: coins[c]!, expiry, tenorBucket, ...greeksAt(sum, 0) });
    }
    const byUnderlying = coins.map((underlying, c) => {
      const limits = this.limits[underlying]!;
      const worstVega = Math.max(0, ...this.space.bucketLabels.map((_, b) => Math.abs(this.exposure[this.space.vol(c, b)]!)));
      const totals = greeksAt(perCoin[c]!, 0);
      return {
        underlying,
        ...totals,
        limitUse: {
          delta: Math.abs(totals.deltaUsd) / limits.delta,
          vega: worstVega / limits.vega,
          gamma: Math.abs(totals.gammaUsd) / limits.gamma,
          notional: totals.notional / limits.notional,
        },
      };
    });
    const sum = (greek: Greek) => byUnderlying.reduce((total, row) => total + row[greek], 0);
    return {
      byUnderlying,
      byExpiry,
      byDeltaBucket,
      total: {
        deltaUsd: sum('deltaUsd'),
        vega: sum('vega'),
        gammaUsd: sum('gammaUsd'),
        theta: sum('theta'),
        value: sum('value'),
        shortMargin: sum('shortMargin'),
        notional: sum('notional'),
      },
    };
  }
}

function greeksAt(values: Float64Array, at: number): Greeks {
  const greeks = {} as Greeks;
  GREEKS.forEach((greek, g) => (greeks[greek] = values[at + g]!));
  return greeks;
}

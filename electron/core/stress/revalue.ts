/**
 * Full revaluation of a book of options under stress (not greeks alone): every position is
 * repriced by Black-76 at its shocked forward and vol; P&L in USD is the change of the positions'
 * USD value, n m (V' - V) with m coins per contract (for inverse options the coin premium times
 * the forward, MODEL.md). The unwind cost is what closing every position through its shocked book
 * costs against the shocked theo (unwind.ts: book walk, or the square-root law without a book).
 */
import type { Instrument, OptionInstrument } from '../../../shared/domain/instrument';
import { contractSize } from '../../../shared/domain/venue-rules';
import type { Level } from '../market/events';
import { black76, black76Price, Valuation } from '../pricing/black76';
import { FactorExposure, optionExposure } from '../premium/exposure';
import type { PremiumParams } from '../premium/params';
import { dailyPriceVolUsd, unwindCost } from '../premium/unwind';
import type { MarketShock, StressScenario } from './shocks';

export interface StressPosition {
  instrument: OptionInstrument;
  /** Contracts, signed. */
  size: number;
  forward: number;
  T: number;
  vol: number;
  /** The live book (price currency), when known. */
  book?: { bids: readonly Level[]; asks: readonly Level[] };
}

/**
 * A perpetual or dated future: `amount` signed (USD for inverse ones, coins for linear), marked at
 * `forward`. Its USD P&L at F1: inverse A (1 - F0/F1) (the coin P&L A (1/F0 - 1/F1) at F1), linear
 * A (F1 - F0); closing it crosses `halfSpread` (a fraction of the mark), widened by the shock's spread.
 */
export interface StressLinear {
  instrument: Instrument;
  amount: number;
  forward: number;
  T: number;
  halfSpread: number;
}

export interface StressResult {
  scenario: string;
  pnl: number;
  worstPnl: number;
  unwindCost: number;
}

const THIRTY_DAYS = 30 / 365;
const MAX_VOL_SCALE = 3;
const VOL_FLOOR = 0.01;
const NO_LEVELS: readonly Level[] = [];

/**
 * A book prepared for many shocks: per position its coins per contract, the vol-shift scale of its
 * tenor and its unshocked USD value, computed once; a shock then costs one Black-76 per position.
 */
export class StressBook {
  private readonly m: Float64Array;
  private readonly volScale: Float64Array;
  private readonly baseValue: Float64Array;
  private readonly valuation = new Valuation();
  private readonly exposure = new FactorExposure();

  constructor(
    readonly positions: readonly StressPosition[],
    private readonly params: PremiumParams,
    readonly linear: readonly StressLinear[] = [],
  ) {
    this.m = Float64Array.from(positions, (p) => contractSize(p.instrument));
    this.volScale = Float64Array.from(positions, (p) => Math.min(Math.sqrt(THIRTY_DAYS / p.T), MAX_VOL_SCALE));
    this.baseValue = Float64Array.from(positions, (p) => black76Price(p.instrument.optionType, p.forward, p.instrument.strike, p.T, p.vol));
  }

  private shockedForward(i: number, shock: MarketShock): number {
    const { forward, T, instrument } = this.positions[i]!;
    return forward * Math.exp((shock.spot[instrument.base] ?? 0) + (shock.basis?.[instrument.base] ?? 0) * T);
  }

  private shockedVol(i: number, shock: MarketShock): number {
    const { vol, instrument } = this.positions[i]!;
    return Math.max(vol + ((shock.vol[instrument.base] ?? 0) / 100) * this.volScale[i]!, VOL_FLOOR);
  }

  private shockedLinear({ instrument, forward, T }: StressLinear, shock: MarketShock): number {
    return forward * Math.exp((shock.spot[instrument.base] ?? 0) + (shock.basis?.[instrument.base] ?? 0) * T);
  }

  /** USD P&L of the book under one shock. */
  pnl(shock: MarketShock): number {
    let pnl = 0;
    for (const position of this.linear) {
      const after = this.shockedLinear(position, shock);
      pnl += position.instrument.settlement === 'inverse' ? position.amount * (1 - position.forward / after) : position.amount * (after - position.forward);
    }
    for (let i = 0; i < this.positions.length; i++) {
      const { instrument, size, T } = this.positions[i]!;
      const after = black76Price(instrument.optionType, this.shockedForward(i, shock), instrument.strike, T, this.shockedVol(i, shock));
      pnl += size * this.m[i]! * (after - this.baseValue[i]!);
    }
    return pnl;
  }

  /** USD cost of closing every position through its book under a shock (depth and spread scaled around the shocked theo). */
  unwindCost(shock: MarketShock): number {
    const depth = shock.depth ?? 1;
    const spread = shock.spread ?? 1;
    const { params } = this;
    let cost = 0;
    for (const position of this.linear) {
      const usd = position.instrument.settlement === 'inverse' ? Math.abs(position.amount) : Math.abs(position.amount) * this.shockedLinear(position, shock);
      cost += usd * position.halfSpread * spread;
    }
    for (let i = 0; i < this.positions.length; i++) {
      const position = this.positions[i]!;
      if (position.size === 0) continue;
      const { instrument, forward, T } = position;
      const coin = instrument.base;
      const m = this.m[i]!;
      const inverse = instrument.settlement === 'inverse';
      const theo = (m * this.baseValue[i]!) / (inverse ? forward : 1);
      const shockedForward = this.shockedForward(i, shock);
      const v = black76(this.valuation, instrument.optionType, shockedForward, instrument.strike, T, this.shockedVol(i, shock));
      const toPrice = inverse ? 1 / shockedForward : 1;
      const shockedTheo = m * v.price * toPrice;
      const selling = position.size > 0;
      const side = position.book ? (selling ? position.book.bids : position.book.asks) : NO_LEVELS;
      // Each level keeps its distance from theo in price, scaled by `spread`, around the shocked theo.
      const levels = side === NO_LEVELS ? side : side.map(([price, amount]): Level => [shockedTheo + (price - theo) * spread, amount * depth]);
      const exposure = optionExposure(this.exposure, v, m, shockedForward);
      const law = {
        Y: params.impactY,
        dailyPriceVol: dailyPriceVolUsd(exposure.spot, params.spotVol[coin] ?? 0.8, exposure.vol, params.volOfVol[coin]?.[1] ?? 60) * toPrice * spread,
        dailyVolume: (params.dailyVolume[coin] ?? 1000) * depth,
      };
      cost += (unwindCost(levels, Math.abs(position.size), shockedTheo, selling, law) * Math.abs(position.size)) / toPrice;
    }
    return cost;
  }

  run(scenario: StressScenario): StressResult {
    let worst = { pnl: Infinity, at: scenario.points[0]! };
    let last = 0;
    for (const point of scenario.points) {
      last = this.pnl(point);
      if (last < worst.pnl) worst = { pnl: last, at: point };
    }
    return { scenario: scenario.name, pnl: last, worstPnl: worst.pnl, unwindCost: this.unwindCost(worst.at) };
  }
}

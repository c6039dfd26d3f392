/**
 * The simulated option books: other makers' quotes around the surface's fair value. The best
 * bid and ask sit a half-spread in vol either side of the fair vol; the half-spread widens with
 * the expiry's ATM vol (relative to the coin's normal vol), in the wings, at short tenors and in a
 * liquidity drought. Deeper levels step away by `levelGap` of vol each (converted with vega), at
 * least one tick. Prices are rounded outward onto the venue's tick ladder (bids down, asks up:
 * venue-rules.ts), so a book never crosses the fair value. Sizes are a pure function of the
 * instrument, level and price (hashUnit), so a book changes only when its prices or the depth
 * multiplier do, as a real venue's would between requotes.
 */
import { roundToTick, type TickLadder } from '../../../../shared/domain/venue-rules';
import { hashUnit } from './random';

export interface BookParams {
  /** ATM half-spread in vol (fraction) for long tenors at the coin's normal vol. */
  halfSpread: number;
  /** Extra half-spread per standard deviation of moneyness: x (1 + wing |z|). */
  wingWidening: number;
  /** Extra half-spread at short tenors: x (1 + shortTenor / sqrt(days to expiry)). */
  shortTenorWidening: number;
  /** Vol between depth levels (fraction). */
  levelGap: number;
  /** Levels per side. */
  levels: number;
  /** Contracts at the best level per coin, before the random factor (0.5-1.5) and (1 + level). */
  levelSize: Readonly<Record<string, number>>;
}

/**
 * Defaults: 0.5 vol point half-spread ATM on monthlies (Deribit's BTC books show 1-2 vol points
 * wide), half as much again per standard deviation out, +50% on a one-day expiry, four levels a
 * side 0.5 vol point apart; best-level sizes of about 10 BTC, 100 ETH and 500 SOL.
 */
export const DEFAULT_BOOK: BookParams = {
  halfSpread: 0.005,
  wingWidening: 0.5,
  shortTenorWidening: 0.5,
  levelGap: 0.005,
  levels: 4,
  levelSize: { BTC: 10, ETH: 100, SOL: 500 },
};

/** The half-spread factor of an expiry: vol ratio x tenor x drought (the per-option wing factor comes on top). */
export function expirySpreadFactor(params: BookParams, atmVol: number, normalVol: number, days: number, droughtMultiplier: number): number {
  return params.halfSpread * (atmVol / normalVol) * (1 + params.shortTenorWidening / Math.sqrt(Math.max(days, 1 / 24))) * droughtMultiplier;
}

/** Every option's book as flat arrays, `levels` slots per option, best first. */
export class BookTable {
  readonly bidPrice: Float64Array;
  readonly bidSize: Float64Array;
  readonly askPrice: Float64Array;
  readonly askSize: Float64Array;
  readonly bidDepth: Uint8Array;
  readonly askDepth: Uint8Array;
  /** Bumped whenever a book changes: the venue's change id. */
  readonly sequence: Float64Array;
  /** The size input each book's amounts were drawn with: unchanged prices and basis, unchanged amounts. */
  readonly sizeBasis: Float64Array;

  constructor(
    readonly count: number,
    readonly levels: number,
  ) {
    this.bidPrice = new Float64Array(count * levels);
    this.bidSize = new Float64Array(count * levels);
    this.askPrice = new Float64Array(count * levels);
    this.askSize = new Float64Array(count * levels);
    this.bidDepth = new Uint8Array(count);
    this.askDepth = new Uint8Array(count);
    this.sequence = new Float64Array(count);
    this.sizeBasis = new Float64Array(count);
  }
}

/** What one book is built from, in the instrument's price currency. */
export interface BookInput {
  /** Unrounded best bid and ask (the fair price at vol -/+ half-spread). */
  bid: number;
  ask: number;
  /** Price distance between levels. */
  gap: number;
  ladder: TickLadder;
  /** Contracts at the best level before the random factor, and the amount step. */
  size: number;
  minAmount: number;
}

/** count x step without binary noise (151 x 0.1 is 15.1): one correctly rounded division when step is 1/n. */
function multiple(count: number, step: number): number {
  const perUnit = Math.round(1 / step);
  return Math.abs(perUnit * step - 1) < 1e-12 ? count / perUnit : count * step;
}

/** The amount at a level: size x (1 + level) x U(0.5, 1.5) from a hash of (option, side, level, price). */
function levelAmount(input: BookInput, option: number, slot: number, price: number, level: number): number {
  const unit = hashUnit(option * 16 + slot, Math.round(price * 1e6) | 0);
  const amount = input.size * (1 + level) * (0.5 + unit);
  return multiple(Math.max(1, Math.round(amount / input.minAmount)), input.minAmount);
}

/**
 * Write option `i`'s book from `input`; returns whether any price or size changed. An empty
 * bid side when even the best bid rounds to zero (far out-of-the-money options: no one bids).
 */
export function writeBook(table: BookTable, i: number, input: BookInput): boolean {
  const { levels } = table;
  const base = i * levels;
  const smallestTick = input.ladder[0]!.tick;
  const sameBasis = table.sizeBasis[i] === input.size;
  table.sizeBasis[i] = input.size;
  let changed = false;

  let depth = 0;
  let price = roundToTick(input.bid, input.ladder, 'down');
  while (depth < levels && price > 0) {
    const slot = base + depth;
    if (!sameBasis || table.bidPrice[slot] !== price || depth >= table.bidDepth[i]!) {
      table.bidPrice[slot] = price;
      table.bidSize[slot] = levelAmount(input, i, depth, price, depth);
      changed = true;
    }
    depth++;
    const next = roundToTick(price - input.gap, input.ladder, 'down');
    price = next < price ? next : roundToTick(price - smallestTick, input.ladder, 'down');
  }
  if (table.bidDepth[i] !== depth) changed = true;
  table.bidDepth[i] = depth;

  depth = 0;
  price = Math.max(roundToTick(input.ask, input.ladder, 'up'), smallestTick);
  while (depth < levels) {
    const slot = base + depth;
    if (!sameBasis || table.askPrice[slot] !== price || depth >= table.askDepth[i]!) {
      table.askPrice[slot] = price;
      table.askSize[slot] = levelAmount(input, i, 8 + depth, price, depth);
      changed = true;
    }
    depth++;
    const next = roundToTick(price + input.gap, input.ladder, 'up');
    price = next > price ? next : roundToTick(price + smallestTick, input.ladder, 'up');
  }
  if (table.askDepth[i] !== depth) changed = true;
  table.askDepth[i] = depth;
  return changed;
}

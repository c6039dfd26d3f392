/**
 * Average-cost position accounting, one fill at a time. The same code serves the incremental
 * update on every fill and the rebuild from all fills, so the two cannot disagree.
 *
 * P&L is size x (exit - entry) in the instrument's price currency. For inverse options that is
 * coin, since their premium is already quoted in coin (MODEL.md: not the 1/price rule of
 * inverse futures). Inverse futures and perpetuals (amount in USD, settled in coin) follow the
 * 1/price rule, amount x (1/entry - 1/exit) coin, and average their entries harmonically, so the
 * P&L of the whole position is the sum of its fills'.
 */
import type { Position, Side } from '../../../shared/contract/schemas';
import { isInverseFuture, parseInstrument, settlementCurrency, type Instrument } from '../../../shared/domain/instrument';

export interface FillLike {
  instrument: string;
  side: Side;
  size: number;
  price: number;
  fee: number;
  time: number;
}

/** Sizes closer to zero than this are flat: float sums of venue lot sizes leave dust. */
export const FLAT_EPSILON = 1e-9;

/** P&L of a signed size held from `entry` to `exit`, in the settlement currency. */
export function tradePnl(instrument: Instrument, size: number, entry: number, exit: number): number {
  return isInverseFuture(instrument) ? size * (1 / entry - 1 / exit) : size * (exit - entry);
}

/** Parsed instruments by name: a fill's rule is needed on every fill, a parse costs microseconds. */
const parsed = new Map<string, Instrument>();

function instrumentOf(name: string): Instrument {
  let instrument = parsed.get(name);
  if (!instrument) parsed.set(name, (instrument = parseInstrument(name)));
  return instrument;
}

/**
 * One instrument's position as mutable numbers, so folding a million fills allocates nothing per
 * fill. applyFill and the rebuild both go through apply(), so the two cannot disagree.
 */
export class PositionAccumulator {
  size = 0;
  avgPrice = 0;
  realizedPnl = 0;
  fees = 0;
  fillCount = 0;

  private constructor(
    readonly instrument: Instrument,
    readonly currency: string,
    public lastFillTime: number,
  ) {}

  /** A flat position before its first fill. */
  static open(instrument: string, time: number): PositionAccumulator {
    const parsedInstrument = instrumentOf(instrument);
    return new PositionAccumulator(parsedInstrument, settlementCurrency(parsedInstrument), time);
  }

  static from(position: Position): PositionAccumulator {
    const accumulator = new PositionAccumulator(instrumentOf(position.instrument), position.currency, position.lastFillTime);
    accumulator.size = position.size;
    accumulator.avgPrice = position.avgPrice;
    accumulator.realizedPnl = position.realizedPnl;
    accumulator.fees = position.fees;
    accumulator.fillCount = position.fillCount;
    return accumulator;
  }

  apply(buy: boolean, fillSize: number, price: number, fee: number, time: number): void {
    const signed = buy ? fillSize : -fillSize;
    const size = this.size;
    if (size === 0 || Math.sign(size) === Math.sign(signed)) {
      // Opening or adding: the entry price averages by size (in 1/price for inverse futures).
      const [held, added] = [Math.abs(size), Math.abs(signed)];
      this.avgPrice = isInverseFuture(this.instrument)
        ? (held + added) / ((held > 0 ? held / this.avgPrice : 0) + added / price)
        : (this.avgPrice * held + price * added) / (held + added);
      this.size = size + signed;
    } else {
      // Reducing, closing or flipping: the closed part realizes against the average entry.
      const closed = Math.min(Math.abs(size), Math.abs(signed));
      this.realizedPnl += tradePnl(this.instrument, closed * Math.sign(size), this.avgPrice, price);
      this.size = size + signed;
      if (Math.abs(this.size) < FLAT_EPSILON) {
        this.size = 0;
        this.avgPrice = 0;
      } else if (Math.sign(this.size) === Math.sign(signed)) {
        this.avgPrice = price; // flipped: the remainder opened at this fill's price
      }
    }
    this.fees += fee;
    this.fillCount += 1;
    if (time > this.lastFillTime) this.lastFillTime = time;
  }

  snapshot(): Position {
    return {
      instrument: this.instrument.name,
      currency: this.currency,
      size: this.size,
      avgPrice: this.avgPrice,
      realizedPnl: this.realizedPnl,
      fees: this.fees,
      fillCount: this.fillCount,
      lastFillTime: this.lastFillTime,
    };
  }
}

export function applyFill(position: Position | null, fill: FillLike): Position {
  const accumulator = position ? PositionAccumulator.from(position) : PositionAccumulator.open(fill.instrument, fill.time);
  accumulator.apply(fill.side === 'buy', fill.size, fill.price, fill.fee, fill.time);
  return accumulator.snapshot();
}

/**
 * Average-cost position accounting, one fill at a time. The same function serves the
 * incremental update on every fill and the rebuild from all fills, so the two cannot disagree.
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

export function applyFill(position: Position | null, fill: FillLike): Position {
  const instrument = instrumentOf(fill.instrument);
  const signed = fill.side === 'buy' ? fill.size : -fill.size;
  const before = position ?? {
    instrument: fill.instrument,
    currency: settlementCurrency(instrument),
    size: 0,
    avgPrice: 0,
    realizedPnl: 0,
    fees: 0,
    fillCount: 0,
    lastFillTime: fill.time,
  };
  let { size, avgPrice, realizedPnl } = before;

  if (size === 0 || Math.sign(size) === Math.sign(signed)) {
    // Opening or adding: the entry price averages by size (in 1/price for inverse futures).
    const [held, added] = [Math.abs(size), Math.abs(signed)];
    avgPrice = isInverseFuture(instrument)
      ? (held + added) / ((held > 0 ? held / avgPrice : 0) + added / fill.price)
      : (avgPrice * held + fill.price * added) / (held + added);
    size += signed;
  } else {
    // Reducing, closing or flipping: the closed part realizes against the average entry.
    const closed = Math.min(Math.abs(size), Math.abs(signed));
    realizedPnl += tradePnl(instrument, closed * Math.sign(size), avgPrice, fill.price);
    size += signed;
    if (Math.abs(size) < FLAT_EPSILON) {
      size = 0;
      avgPrice = 0;
    } else if (Math.sign(size) === Math.sign(signed)) {
      avgPrice = fill.price; // flipped: the remainder opened at this fill's price
    }
  }
  return {
    instrument: before.instrument,
    currency: before.currency,
    size,
    avgPrice,
    realizedPnl,
    fees: before.fees + fill.fee,
    fillCount: before.fillCount + 1,
    lastFillTime: Math.max(before.lastFillTime, fill.time),
  };
}

/** Fold fills (in time order) into positions, one per instrument traded. */
export function positionsFromFills(fills: Iterable<FillLike>): Map<string, Position> {
  const positions = new Map<string, Position>();
  for (const fill of fills) positions.set(fill.instrument, applyFill(positions.get(fill.instrument) ?? null, fill));
  return positions;
}

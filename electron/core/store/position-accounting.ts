/**
 * Average-cost position accounting, one fill at a time. The same function serves the
 * incremental update on every fill and the rebuild from all fills, so the two cannot disagree.
 *
 * P&L is size x (exit - entry) in the instrument's price currency. For inverse options that is
 * coin, since their premium is already quoted in coin (MODEL.md: not the 1/price rule of
 * inverse futures).
 */
import type { Position, Side } from '../../../shared/contract/schemas';
import { parseInstrument, priceCurrency } from '../../../shared/domain/instrument';

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

export function applyFill(position: Position | null, fill: FillLike): Position {
  const signed = fill.side === 'buy' ? fill.size : -fill.size;
  const before = position ?? {
    instrument: fill.instrument,
    currency: priceCurrency(parseInstrument(fill.instrument)),
    size: 0,
    avgPrice: 0,
    realizedPnl: 0,
    fees: 0,
    fillCount: 0,
    lastFillTime: fill.time,
  };
  let { size, avgPrice, realizedPnl } = before;

  if (size === 0 || Math.sign(size) === Math.sign(signed)) {
    // Opening or adding: the entry price averages by size.
    avgPrice = (avgPrice * Math.abs(size) + fill.price * Math.abs(signed)) / (Math.abs(size) + Math.abs(signed));
    size += signed;
  } else {
    // Reducing, closing or flipping: the closed part realizes against the average entry.
    const closed = Math.min(Math.abs(size), Math.abs(signed));
    realizedPnl += closed * (fill.price - avgPrice) * Math.sign(size);
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

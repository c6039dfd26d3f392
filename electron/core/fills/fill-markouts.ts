/**
 * A fill's markouts from its stored marks (MODEL.md, "Adverse selection"): the dealer's P&L from
 * the fill price to the desk's mark h later, s (mark(t + h) - p) per contract with s = +1 when the
 * dealer bought; in USD for the fill's size, and in vol points of the option's vega at the fill.
 */
import type { FillMarkouts } from '../../../shared/contract/markouts';
import type { MarkedFillRow } from '../store/fill-mark-store';

/** The dealer's P&L per contract, price currency, of a fill at `price` marked at `mark`. */
export function dealerMarkout(side: 'buy' | 'sell', price: number, mark: number): number {
  return (side === 'buy' ? 1 : -1) * (mark - price);
}

export function fillMarkouts(row: MarkedFillRow): FillMarkouts {
  const usd = (mark: number) => dealerMarkout(row.side, row.price, mark) * row.size * row.usdPerPrice;
  return {
    fillId: row.fillId,
    mark: row.mark,
    edgeUsd: usd(row.mark),
    markoutsUsd: row.after.map((mark) => (mark === null ? null : usd(mark))),
    markoutsVolPts: row.after.map((mark) => (mark === null || !(row.vegaPrice > 0) ? null : dealerMarkout(row.side, row.price, mark) / row.vegaPrice)),
  };
}

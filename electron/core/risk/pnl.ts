/**
 * Realized and unrealized P&L per position and in total. A position (store/position-accounting.ts)
 * carries its realized P&L and fees in its settlement currency: the coin for inverse instruments,
 * the stablecoin (USDC, USDT) for linear ones. Unrealized P&L marks the open size with the same rule (tradePnl): an
 * inverse option's premium is already in coin, so size x (mark - entry); an inverse future's is
 * amount x (1/entry - 1/mark). Totals are per currency, and in USD at the coins' prices.
 */
import type { Position } from '../../../shared/contract/schemas';
import { parseInstrument, STABLECOIN_USD, usdPerUnit, type Instrument } from '../../../shared/domain/instrument';
import { contractSize } from '../../../shared/domain/venue-rules';
import { black76Price } from '../pricing/black76';
import { tradePnl } from '../store/position-accounting';
import type { Mark } from './book';

export interface PositionPnl {
  instrument: string;
  currency: string;
  size: number;
  avgPrice: number;
  mark: number;
  realized: number;
  unrealized: number;
  fees: number;
  /** realized + unrealized - fees, in the currency. */
  net: number;
}

export interface CurrencyPnl {
  currency: string;
  realized: number;
  unrealized: number;
  fees: number;
  net: number;
  /** net in USD at the currency's price. */
  netUsd: number;
}

/**
 * An instrument's price in its price currency per contract, as fills are priced, from its mark:
 * an option's Black-76 value times its contract size (in coin for inverse options, premium being
 * quoted in the coin); a future's or perpetual's forward (USD).
 */
export function markPrice(instrument: Instrument, { forward, T, vol }: Mark): number {
  if (instrument.kind !== 'option') return forward;
  const usdPerPrice = instrument.settlement === 'inverse' ? forward : 1;
  return (contractSize(instrument) * black76Price(instrument.optionType, forward, instrument.strike, T, vol)) / usdPerPrice;
}

export function positionPnl(position: Position, mark: number): PositionPnl {
  if (position.size !== 0 && !(mark > 0 || (mark === 0 && parseInstrument(position.instrument).kind === 'option'))) {
    throw new Error(`${position.instrument}: a mark must be a positive price (got ${mark})`);
  }
  const unrealized = position.size === 0 ? 0 : tradePnl(parseInstrument(position.instrument), position.size, position.avgPrice, mark);
  const { instrument, currency, size, avgPrice, realizedPnl: realized, fees } = position;
  return { instrument, currency, size, avgPrice, mark, realized, unrealized, fees, net: realized + unrealized - fees };
}

/**
 * USD per unit of each P&L currency on a market: the stablecoins at par, each of `coins` at its
 * perpetual's mark (a coin-settled currency is worth its perpetual); a coin the market cannot mark
 * (no chain of it, or only linear instruments listed) is left out.
 */
export function usdPricesOn(markOf: (instrument: Instrument) => Mark, coins: Iterable<string>): Record<string, number> {
  const usdPrice: Record<string, number> = { ...STABLECOIN_USD };
  for (const coin of coins) {
    if (coin in STABLECOIN_USD) continue; // a currency list may name them: at par, never looked up
    try {
      usdPrice[coin] = markOf(parseInstrument(`${coin}-PERPETUAL`)).forward;
    } catch {
      // not marked: left out
    }
  }
  return usdPrice;
}

/**
 * Every position's P&L at `marks` (price currency per contract, USD for futures), totalled per
 * currency and in USD with `usdPrice` (USD per unit of each currency; USDC and USDT are 1 unless given).
 */
export function bookPnl(
  positions: readonly Position[],
  marks: ReadonlyMap<string, number>,
  usdPrice: Readonly<Record<string, number>>,
): { positions: PositionPnl[]; currencies: CurrencyPnl[]; netUsd: number } {
  const rows = positions.map((position) => {
    const mark = marks.get(position.instrument);
    if (mark === undefined && position.size !== 0) throw new Error(`${position.instrument} has no mark`);
    return positionPnl(position, mark ?? 0);
  });
  const byCurrency = new Map<string, CurrencyPnl>();
  for (const row of rows) {
    const total = byCurrency.get(row.currency) ?? { currency: row.currency, realized: 0, unrealized: 0, fees: 0, net: 0, netUsd: 0 };
    total.realized += row.realized;
    total.unrealized += row.unrealized;
    total.fees += row.fees;
    total.net += row.net;
    byCurrency.set(row.currency, total);
  }
  const currencies = [...byCurrency.values()];
  for (const total of currencies) {
    const price = usdPerUnit(total.currency, usdPrice);
    if (price === undefined) throw new Error(`no USD price for ${total.currency}`);
    total.netUsd = total.net * price;
  }
  return { positions: rows, currencies, netUsd: currencies.reduce((sum, total) => sum + total.netUsd, 0) };
}

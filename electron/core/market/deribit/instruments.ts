/**
 * ccxt's view of Deribit's listing and book summary, in the desk's terms. ccxt names a market
 * 'BTC/USD:BTC-200522-9250-P'; the desk names it from the market's terms (underlying, settlement
 * currency, expiry, strike, type) in the canonical form of shared/domain/instrument.ts, which for
 * Deribit is the venue's own instrument_name (ccxt-instruments.ts). Where the two disagree the
 * listing is not guessed at.
 */
import type { Greeks, MarketInterface, Option } from 'ccxt';
import { instrumentOfMarket } from '../ccxt-instruments';
import type { ChainRow, ListedInstrument } from '../venue';
import { ivFraction } from './normalize';

/** The desk's terms of a ccxt market; undefined for what the desk does not trade (spot, combos, other coins). */
export function listedInstrument(market: MarketInterface): ListedInstrument | undefined {
  // Deribit's combos (future_combo, option_combo) are strategies over instruments, not instruments.
  const kind: unknown = (market.info as { kind?: unknown } | undefined)?.kind;
  if (typeof kind === 'string' && kind.endsWith('_combo')) return undefined;
  const terms = instrumentOfMarket(market);
  if (!terms?.ok) return undefined;
  const { instrument } = terms;
  if (instrument.name !== market.id) {
    throw new Error(`deribit lists ${market.id} (ccxt ${market.symbol}), but its terms name it ${instrument.name}`);
  }
  return {
    instrument,
    contractSize: market.contractSize ?? 1,
    minTradeAmount: market.limits.amount?.min ?? NaN,
    tickSize: market.precision.price ?? NaN,
  };
}

function optional(value: number | undefined | null): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * One option of ccxt's fetchOptionChain (Deribit's get_book_summary_by_currency). ccxt leaves
 * impliedVolatility empty and passes the venue's fields through in `info`: mark_iv in percent and
 * the summary's time (creation_timestamp). The summary has no bid/ask IVs or sizes; tickers do
 * (withTicker).
 */
export function chainRow(instrument: string, option: Option): ChainRow {
  const info = option.info as Record<string, unknown>;
  const time = info.creation_timestamp;
  if (typeof time !== 'number') throw new Error(`deribit book summary of ${instrument} has no creation_timestamp`);
  return {
    instrument,
    time,
    bid: optional(option.bidPrice),
    ask: optional(option.askPrice),
    markPrice: optional(option.markPrice),
    markIv: ivFraction(info.mark_iv),
    underlyingPrice: optional(option.underlyingPrice),
  };
}

/**
 * A chain row completed from the option's public/ticker (ccxt's fetchGreeks): the best sizes and
 * the bid and ask IVs, which ccxt passes through in Deribit's percent. A side the summary shows
 * empty keeps no IV: Deribit's bid_iv of an empty side is 0, its "no quote".
 */
export function withTicker(row: ChainRow, greeks: Greeks): ChainRow {
  const ticker = greeks.info as Record<string, unknown>;
  const completed = { ...row };
  if (row.bid !== undefined) {
    completed.bidIv = ivFraction(greeks.bidImpliedVolatility);
    completed.bidAmount = optional(ticker.best_bid_amount as number | undefined);
  }
  if (row.ask !== undefined) {
    completed.askIv = ivFraction(greeks.askImpliedVolatility);
    completed.askAmount = optional(ticker.best_ask_amount as number | undefined);
  }
  return completed;
}

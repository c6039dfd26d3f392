/**
 * Deribit's notification data (API v2, subscription channels) into the desk's normalized events.
 * Units change here and nowhere else: Deribit's ticker and trade IVs are in percent (docs.deribit.com,
 * `ticker.{instrument_name}.{interval}`: "mark_iv: implied volatility for mark price", e.g. 72.4),
 * the events carry fractions; an IV of 0 is Deribit's "no quote", so it becomes absent; a best price
 * of 0 is an empty side. Prices stay in the instrument's price currency (coin for inverse options),
 * amounts in contracts.
 *
 * Each function takes the `data` of one notification as parsed JSON and returns undefined when it
 * does not have Deribit's shape: a frame that cannot be read is not guessed at.
 */
import type { BookEvent, IndexEvent, Level, TickerEvent, TradeEvent } from '../events';

type Data = Record<string, unknown>;

function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A price or amount where 0 (or null) means none. */
function present(value: unknown): number | undefined {
  return typeof value === 'number' && value !== 0 ? value : undefined;
}

/** Deribit's IV in percent as a fraction; 0 (its "no quote") or null is absent. */
export function ivFraction(value: unknown): number | undefined {
  return typeof value === 'number' && value !== 0 ? value / 100 : undefined;
}

/**
 * Deribit's book entries ['new' | 'change' | 'delete', price, amount] as levels; a delete sets
 * amount 0. Undefined when an entry is not of that shape.
 */
function levelsOf(entries: unknown): Level[] | undefined {
  if (!Array.isArray(entries)) return undefined;
  const levels: Level[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!Array.isArray(entry) || entry.length !== 3) return undefined;
    const [action, price, amount] = entry as [unknown, unknown, unknown];
    if (typeof price !== 'number' || typeof amount !== 'number') return undefined;
    if (action === 'delete') levels[i] = [price, 0];
    else if (action === 'new' || action === 'change') levels[i] = [price, amount];
    else return undefined;
  }
  return levels;
}

/**
 * `book.{instrument}.{interval}` data: the first notification is a snapshot, then changes whose
 * prev_change_id is the change_id before them (Deribit's sequence, for gap detection).
 */
export function normalizeBook(venue: string, data: unknown): BookEvent | undefined {
  if (!isData(data)) return undefined;
  const { type, instrument_name: instrument, timestamp, change_id: seq, prev_change_id: prevSeq } = data;
  if (typeof instrument !== 'string' || typeof timestamp !== 'number' || typeof seq !== 'number') return undefined;
  const snapshot = type === 'snapshot';
  if (!snapshot && (type !== 'change' || typeof prevSeq !== 'number')) return undefined;
  const bids = levelsOf(data.bids);
  const asks = levelsOf(data.asks);
  if (!bids || !asks) return undefined;
  const event: BookEvent = { type: 'book', venue, instrument, time: timestamp, snapshot, bids, asks, seq };
  if (!snapshot) event.prevSeq = prevSeq as number;
  return event;
}

/** `ticker.{instrument}.{interval}` data (options, futures and perpetuals alike). */
export function normalizeTicker(venue: string, data: unknown): TickerEvent | undefined {
  if (!isData(data)) return undefined;
  const { instrument_name: instrument, timestamp } = data;
  if (typeof instrument !== 'string' || typeof timestamp !== 'number') return undefined;
  const bestBid = present(data.best_bid_price);
  const bestAsk = present(data.best_ask_price);
  return {
    type: 'ticker',
    venue,
    instrument,
    time: timestamp,
    markPrice: optionalNumber(data.mark_price),
    markIv: ivFraction(data.mark_iv),
    bidIv: bestBid === undefined ? undefined : ivFraction(data.bid_iv),
    askIv: bestAsk === undefined ? undefined : ivFraction(data.ask_iv),
    bestBid,
    bestBidAmount: bestBid === undefined ? undefined : optionalNumber(data.best_bid_amount),
    bestAsk,
    bestAskAmount: bestAsk === undefined ? undefined : optionalNumber(data.best_ask_amount),
    underlyingPrice: optionalNumber(data.underlying_price),
    indexPrice: optionalNumber(data.index_price),
    funding8h: optionalNumber(data.funding_8h),
  };
}

/** `trades.{instrument}.{interval}` data: a list of prints. */
export function normalizeTrades(venue: string, data: unknown): TradeEvent[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const trades: TradeEvent[] = [];
  for (const trade of data as unknown[]) {
    if (!isData(trade)) return undefined;
    const { instrument_name: instrument, timestamp, trade_id: tradeId, price, amount, direction } = trade;
    if (
      typeof instrument !== 'string' ||
      typeof timestamp !== 'number' ||
      typeof tradeId !== 'string' ||
      typeof price !== 'number' ||
      typeof amount !== 'number' ||
      (direction !== 'buy' && direction !== 'sell')
    ) {
      return undefined;
    }
    trades.push({
      type: 'trade',
      venue,
      instrument,
      time: timestamp,
      tradeId,
      price,
      amount,
      takerSide: direction,
      iv: ivFraction(trade.iv),
      indexPrice: optionalNumber(trade.index_price),
    });
  }
  return trades;
}

/** `deribit_price_index.{coin}_usd` data. */
export function normalizeIndex(venue: string, data: unknown): IndexEvent | undefined {
  if (!isData(data)) return undefined;
  const { index_name: name, price, timestamp } = data;
  if (typeof name !== 'string' || typeof price !== 'number' || typeof timestamp !== 'number') return undefined;
  const match = /^([a-z]+)_usdc?$/.exec(name);
  if (!match) return undefined;
  return { type: 'index', venue, underlying: match[1]!.toUpperCase(), time: timestamp, price };
}

/**
 * The simulator's state as normalized market events (events.ts) and chain rows (venue.ts): IVs
 * as fractions, prices in the instrument's price currency, absent sides and vols left undefined.
 * The ticker, sent for every subscribed option every step, is one object literal of one shape.
 */
import type { BookEvent, Level, MarketEvent, TradeEvent } from '../events';
import type { ChainRow } from '../venue';
import type { BookTable } from './book';
import type { SimChain } from './chain';
import type { Perpetuals } from './perpetuals';

export const SIM_VENUE = 'sim';

function definedIv(iv: number): number | undefined {
  return Number.isNaN(iv) ? undefined : iv;
}

export function levelsOf(books: BookTable, i: number): { bids: Level[]; asks: Level[] } {
  const slot = i * books.levels;
  const bids: Level[] = [];
  const asks: Level[] = [];
  for (let d = 0; d < books.bidDepth[i]!; d++) bids.push([books.bidPrice[slot + d]!, books.bidSize[slot + d]!]);
  for (let d = 0; d < books.askDepth[i]!; d++) asks.push([books.askPrice[slot + d]!, books.askSize[slot + d]!]);
  return { bids, asks };
}

/** A full book; `changed` when it follows a change (a new sequence number), else the current state for a new subscriber. */
export function bookEvent(books: BookTable, i: number, instrument: string, time: number, changed: boolean): BookEvent {
  const seq = changed ? ++books.sequence[i]! : books.sequence[i]!;
  return { type: 'book', venue: SIM_VENUE, instrument, time, snapshot: true, ...levelsOf(books, i), seq, ...(changed ? { prevSeq: seq - 1 } : {}) };
}

export function optionTicker(chain: SimChain, i: number, time: number, index: number): MarketEvent {
  const books = chain.books;
  const slot = i * books.levels;
  const hasBid = books.bidDepth[i]! > 0;
  return {
    type: 'ticker',
    venue: SIM_VENUE,
    instrument: chain.options[i]!.name,
    time,
    markPrice: chain.fair[i]!,
    markIv: chain.markIv[i]!,
    bidIv: definedIv(chain.bidIv[i]!),
    askIv: definedIv(chain.askIv[i]!),
    bestBid: hasBid ? books.bidPrice[slot]! : undefined,
    bestBidAmount: hasBid ? books.bidSize[slot]! : undefined,
    bestAsk: books.askPrice[slot]!,
    bestAskAmount: books.askSize[slot]!,
    underlyingPrice: chain.forward[chain.expiryOf[i]!]!,
    indexPrice: index,
  };
}

export function perpetualTicker(perpetuals: Perpetuals, c: number, time: number, index: number, funding8h: number): MarketEvent {
  const books = perpetuals.books;
  const slot = c * books.levels;
  return {
    type: 'ticker',
    venue: SIM_VENUE,
    instrument: perpetuals.instruments[c]!.name,
    time,
    markPrice: perpetuals.mark[c]!,
    bestBid: books.bidPrice[slot]!,
    bestBidAmount: books.bidSize[slot]!,
    bestAsk: books.askPrice[slot]!,
    bestAskAmount: books.askSize[slot]!,
    indexPrice: index,
    funding8h,
  };
}

/** A print at the book's best on the taker's side. */
export function optionTrade(chain: SimChain, i: number, time: number, tradeId: string, takerSide: 'buy' | 'sell', amount: number, index: number): TradeEvent {
  const slot = i * chain.books.levels;
  const buy = takerSide === 'buy';
  const iv = definedIv(buy ? chain.askIv[i]! : chain.bidIv[i]!);
  return {
    type: 'trade',
    venue: SIM_VENUE,
    instrument: chain.options[i]!.name,
    time,
    tradeId,
    price: buy ? chain.books.askPrice[slot]! : chain.books.bidPrice[slot]!,
    amount,
    takerSide,
    ...(iv === undefined ? {} : { iv }),
    indexPrice: index,
  };
}

export function chainRow(chain: SimChain, i: number, time: number, index: number): ChainRow {
  const books = chain.books;
  const slot = i * books.levels;
  const bidIv = definedIv(chain.bidIv[i]!);
  const askIv = definedIv(chain.askIv[i]!);
  return {
    instrument: chain.options[i]!.name,
    time,
    ...(books.bidDepth[i]! > 0 ? { bid: books.bidPrice[slot]!, bidAmount: books.bidSize[slot]! } : {}),
    ...(books.askDepth[i]! > 0 ? { ask: books.askPrice[slot]!, askAmount: books.askSize[slot]! } : {}),
    ...(bidIv === undefined ? {} : { bidIv }),
    ...(askIv === undefined ? {} : { askIv }),
    markPrice: chain.fair[i]!,
    markIv: chain.markIv[i]!,
    underlyingPrice: chain.forward[chain.expiryOf[i]!]!,
    indexPrice: index,
  };
}

/**
 * Normalized market events: what every source (a ccxt venue, the embedded simulator, a replayed
 * recording) emits, whatever its wire format. Normalized at the boundary: instrument names in
 * the desk's canonical form (shared/domain/instrument.ts), IVs as fractions, times in ms UTC,
 * prices in the instrument's price currency (coin for inverse options), sizes in contracts.
 */

/** One price level: [price, amount in contracts]. */
export type Level = [price: number, amount: number];

/** `levels` made `count` long in place, for the caller to overwrite: its pairs kept, new ones only past its length (a hot path's copy allocates nothing). */
export function resizeLevels(levels: Level[], count: number): Level[] {
  for (let i = levels.length; i < count; i++) levels.push([0, 0]);
  if (levels.length !== count) levels.length = count; // setting it at all is a runtime call
  return levels;
}

export interface BookEvent {
  type: 'book';
  venue: string;
  instrument: string;
  time: number;
  /** A full snapshot replaces the book; a delta sets each level's amount (0 removes the level). */
  snapshot: boolean;
  bids: Level[];
  asks: Level[];
  /** Venue sequence number (Deribit change_id) and the one it follows, for gap detection. */
  seq?: number;
  prevSeq?: number;
}

export interface TickerEvent {
  type: 'ticker';
  venue: string;
  instrument: string;
  time: number;
  markPrice?: number;
  markIv?: number;
  bidIv?: number;
  askIv?: number;
  bestBid?: number;
  bestBidAmount?: number;
  bestAsk?: number;
  bestAskAmount?: number;
  /** The instrument's own underlying (the expiry's forward for options). */
  underlyingPrice?: number;
  indexPrice?: number;
  /** Perpetuals: current funding rate per 8 hours, as a fraction. */
  funding8h?: number;
}

export interface TradeEvent {
  type: 'trade';
  venue: string;
  instrument: string;
  time: number;
  tradeId: string;
  price: number;
  amount: number;
  /** The aggressor's side. */
  takerSide: 'buy' | 'sell';
  iv?: number;
  indexPrice?: number;
}

export interface IndexEvent {
  type: 'index';
  venue: string;
  /** The coin, e.g. BTC (Deribit's btc_usd index). */
  underlying: string;
  time: number;
  price: number;
}

/** The source's own state: connections, reconnects, refusals; feeds health reads these. */
export interface VenueStatusEvent {
  type: 'venue-status';
  venue: string;
  time: number;
  state: 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';
  reason?: string;
}

export type MarketEvent = BookEvent | TickerEvent | TradeEvent | IndexEvent | VenueStatusEvent;

export type MarketListener = (event: MarketEvent) => void;

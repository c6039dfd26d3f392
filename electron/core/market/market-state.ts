/**
 * The market as the engine reads it: per instrument its book, its latest ticker and last print,
 * and per coin its index. It applies events as given; deciding whether an event is sound is
 * FeedHealth's job, which stands in front of it.
 */
import type { BookEvent, IndexEvent, TickerEvent, TradeEvent } from './events';
import { OrderBook } from './order-book';

export interface InstrumentMarket {
  readonly instrument: string;
  venue: string;
  readonly book: OrderBook;
  /** Venue time of the last book event applied; NaN before the first. */
  bookTime: number;
  /** The ticker's fields as last sent (an absent field is absent at the venue too). */
  ticker: Omit<TickerEvent, 'type' | 'venue' | 'instrument'> | undefined;
  lastTrade: Omit<TradeEvent, 'type' | 'venue' | 'instrument'> | undefined;
}

export interface IndexPrice {
  venue: string;
  time: number;
  price: number;
}

export class MarketState {
  private readonly markets = new Map<string, InstrumentMarket>();
  private readonly indices = new Map<string, IndexPrice>();

  get(instrument: string): InstrumentMarket | undefined {
    return this.markets.get(instrument);
  }

  index(underlying: string): IndexPrice | undefined {
    return this.indices.get(underlying);
  }

  private entry(instrument: string, venue: string): InstrumentMarket {
    let market = this.markets.get(instrument);
    if (!market) {
      market = { instrument, venue, book: new OrderBook(), bookTime: NaN, ticker: undefined, lastTrade: undefined };
      this.markets.set(instrument, market);
    }
    market.venue = venue;
    return market;
  }

  /** A snapshot replaces the book, a delta sets its levels; returns the instrument's market. */
  applyBook(event: BookEvent): InstrumentMarket {
    const market = this.entry(event.instrument, event.venue);
    if (event.snapshot) market.book.clear();
    market.book.apply(event.bids, event.asks);
    market.bookTime = event.time;
    return market;
  }

  /** Drop an instrument's book (it can no longer be trusted until the next snapshot). */
  clearBook(instrument: string): void {
    this.markets.get(instrument)?.book.clear();
  }

  /** The event is kept as given, not copied (events are never changed once sent): a feed's hot path allocates nothing here. */
  applyTicker(event: TickerEvent): void {
    this.entry(event.instrument, event.venue).ticker = event;
  }

  applyTrade(event: TradeEvent): void {
    this.entry(event.instrument, event.venue).lastTrade = event;
  }

  applyIndex(event: IndexEvent): void {
    this.indices.set(event.underlying, { venue: event.venue, time: event.time, price: event.price });
  }
}

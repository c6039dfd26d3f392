/**
 * The one interface every market source implements: a ccxt venue, the embedded simulator, a
 * replayed recording. The engine reads only normalized events (events.ts), so it cannot tell the
 * sources apart; each adapter normalizes at its boundary (IV as a fraction, canonical names,
 * prices in the instrument's price currency).
 *
 * A source is market data only: no adapter has a method that sends an order.
 */
import type { Instrument } from '../../../shared/domain/instrument';
import type { MarketListener } from './events';
import type { Scenario, ScenarioRequest } from './sim/scenarios';

/** An instrument as the venue lists it, with the venue's trading rules. */
export interface ListedInstrument {
  instrument: Instrument;
  /** Contracts per unit of size (Deribit options: 1 coin; linear SOL options: 1 SOL). */
  contractSize: number;
  minTradeAmount: number;
  tickSize: number;
}

/** One option's quote in a chain snapshot, normalized (IV as fractions, prices in price currency). */
export interface ChainRow {
  instrument: string;
  time: number;
  bid?: number;
  bidAmount?: number;
  ask?: number;
  askAmount?: number;
  bidIv?: number;
  askIv?: number;
  markPrice?: number;
  markIv?: number;
  /** The expiry's forward as the venue states it (Deribit's underlying_price). */
  underlyingPrice?: number;
  indexPrice?: number;
}

export interface VenueAdapter {
  /** Short venue id carried by every event: 'deribit', 'sim', 'replay:<file>'. */
  readonly venue: string;
  /** Instruments listed now for a coin (options, futures, perpetuals). */
  instruments(base: string): Promise<ListedInstrument[]>;
  /** A snapshot of a coin's whole option chain. */
  optionChain(base: string): Promise<ChainRow[]>;
  /**
   * Stream books, tickers and trades of the given instruments (and the coins' index) to the
   * listener until close(). Reconnects and resubscribes on its own; says so with venue-status events.
   */
  subscribe(instruments: readonly string[], listener: MarketListener): Promise<void>;
  /**
   * Send a fresh book snapshot of a subscribed instrument (feed health asks after a gap or a
   * rejected update). Sources whose books cannot go out of sequence need not implement it.
   */
  resnapshot?(instrument: string): void;
  /** A stress scenario into the market from now on: the embedded simulator only (a real venue is what it is). */
  inject?(request: ScenarioRequest): Scenario;
  /**
   * Markets the venue lists that the desk's instrument model cannot represent (a USDT-settled
   * option), by the venue's symbol, with why: skipped, never guessed at. From the last listing.
   */
  readonly unrepresented?: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

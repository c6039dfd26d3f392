/**
 * The desk's own quotes in the contract: the board (a chain ladder per expiry with the premium
 * applied next to the market) and one quote's breakdown (each premium term per side and size, with
 * the inputs it came from). Prices are in the option's price currency per contract (coin for
 * inverse options, USDC or USDT for linear), vols as fractions, premiums also in vol points.
 */
import { z } from 'zod';
import { Settlement } from './market';

const price = z.number().nullable();

/** Why a side is not quoted: a limit's name ('BTC delta'), 'below one tick', or 'stale: venue-down'. */
export const Suppression = z.object({ side: z.enum(['bid', 'ask', 'both']), limit: z.string() });

export const BoardQuote = z.object({
  instrument: z.string(),
  theo: z.number(),
  vol: z.number(),
  /** The desk's bid and ask after premium, rounded outward to the tick; null when suppressed. */
  bid: price,
  ask: price,
  bidIv: price,
  askIv: price,
  /** The venue's best bid and ask now, and the IVs its ticker gave. */
  marketBid: price,
  marketAsk: price,
  marketBidIv: price,
  marketAskIv: price,
  /** Where the desk's mid sits from theo in vol points before tick rounding: negative leans to sell (the book is long). */
  skewVolPts: price,
  /** The premium terms beyond the base half-spread, per side, in vol points. */
  premiumVolPts: z.object({ bid: z.number(), ask: z.number() }),
  suppressed: Suppression.nullable(),
  /** The feed's reason when the instrument's data is stale; the engine does not quote it. */
  stale: z.string().nullable(),
  position: z.number(),
});
export type BoardQuote = z.infer<typeof BoardQuote>;

export const BoardRow = z.object({ strike: z.number(), call: BoardQuote.nullable(), put: BoardQuote.nullable() });
export type BoardRow = z.infer<typeof BoardRow>;

/** An expiry of the chain; `rows` is empty when the request named another expiry. */
export const BoardExpiry = z.object({ expiry: z.number(), T: z.number(), forward: z.number().nullable(), options: z.number().int(), rows: z.array(BoardRow) });
export type BoardExpiry = z.infer<typeof BoardExpiry>;

/** The parameter set every quote on screen was priced with. */
export const ParamsInForce = z.object({ id: z.number().int(), source: z.string(), since: z.number() });

export const QuoteBoard = z.object({
  /** Desk clock time of the requote shown; null before the first. */
  asOf: z.number().nullable(),
  underlying: z.string(),
  settlement: Settlement,
  size: z.number(),
  /** The size ladder every option is quoted at. */
  sizes: z.array(z.number()),
  params: ParamsInForce.nullable(),
  /** The underlyings and settlements quoted, for the board's picker. */
  chains: z.array(z.object({ underlying: z.string(), settlement: Settlement, options: z.number().int() })),
  expiries: z.array(BoardExpiry),
  /** Why the board is empty (no market, no calibration yet). */
  message: z.string().nullable(),
});
export type QuoteBoard = z.infer<typeof QuoteBoard>;

export const BoardRequest = z
  .object({
    underlying: z.string().trim().min(1).max(16).default('BTC'),
    settlement: Settlement.default('inverse'),
    /** One of the ladder's sizes (contracts); the smallest when absent. */
    size: z.number().positive().finite().optional(),
    /**
     * Only this expiry's ladder (the others listed with no rows); 'nearest': the first expiry with
     * more than a day left (the board's opening ladder, found by the core in one answer); every
     * expiry's when absent.
     */
    expiry: z.union([z.number().int().positive(), z.literal('nearest')]).optional(),
  })
  .strict();

const sides = z.object({ bid: z.number(), ask: z.number() });

export const QuoteTerm = z.enum(['base', 'inventory', 'adverse', 'liquidity', 'holding', 'tail', 'fee', 'clamp', 'rounding']);

export const SizedQuote = z.object({
  size: z.number(),
  bid: price,
  ask: price,
  bidIv: price,
  askIv: price,
  /** Each term per side, in the price currency per contract and in vol points. */
  terms: z.array(z.object({ term: QuoteTerm, price: sides, volPts: sides })),
  limits: z.object({ bid: z.string().nullable(), ask: z.string().nullable() }),
});
export type SizedQuote = z.infer<typeof SizedQuote>;

export const QuoteBreakdown = z.object({
  asOf: z.number(),
  instrument: z.string(),
  theo: z.number(),
  params: ParamsInForce,
  stale: z.string().nullable(),
  inputs: z.object({
    position: z.number(),
    forward: z.number(),
    T: z.number(),
    vol: z.number(),
    vegaPrice: z.number(),
    factors: z.array(z.object({ name: z.string(), perContract: z.number(), book: z.number(), limit: z.number() })),
    sigma: z.array(z.array(z.number())),
    markouts: z.object({
      bid: z.object({ mean: z.number(), count: z.number() }),
      ask: z.object({ mean: z.number(), count: z.number() }),
      prior: z.object({ volPts: z.number(), fills: z.number() }),
    }),
    book: z.object({ bidLevels: z.number(), bidContracts: z.number(), askLevels: z.number(), askContracts: z.number() }).nullable(),
    tail: z.object({ bookShortfall: z.number(), scenarios: z.number() }),
  }),
  sizes: z.array(SizedQuote),
});
export type QuoteBreakdown = z.infer<typeof QuoteBreakdown>;

/** A requote changed what is on the board: how many options were requoted. */
export const QuotesUpdated = z.object({ asOf: z.number(), changed: z.number().int() });

/**
 * Keep a board on screen current by push: the board asked for is answered at once, and after every
 * requote its changes come as `quotes.rows` under the answer's watch id. `board: null` stops
 * watching; `replaces` names the screen's previous watch (another chain, expiry or size), dropped.
 */
export const BoardWatchRequest = z.object({ board: BoardRequest.nullable(), replaces: z.number().int().positive().optional() }).strict();

export const BoardWatch = z.object({ watch: z.number().int().positive().nullable(), board: QuoteBoard.nullable() });
export type BoardWatch = z.infer<typeof BoardWatch>;

/**
 * A watched board after a requote (at most one batch per watch and tick): the rows whose quotes
 * changed since the last batch, keyed by strike, and the shown expiry's forward; or, when the
 * board's shape changed (a strike listed or gone, other parameters, chains or sizes), the whole board.
 * The expiries' T, and the other expiries' forwards, stay as last sent whole: a tab's days to expiry
 * need no tick's precision, and only the shown ladder's forward is on screen.
 */
export const BoardChanges = z.object({
  watch: z.number().int().positive(),
  asOf: z.number(),
  board: QuoteBoard.nullable(),
  forward: z.number().nullable(),
  rows: z.array(BoardRow),
});
export type BoardChanges = z.infer<typeof BoardChanges>;

/**
 * The book as the blotter shows it: every position with its mark, P&L and greeks in the desk's
 * units (MODEL.md "Units"; electron/core/risk/book.ts), grouped by underlying and expiry with
 * totals, and the delta and vega of each expiry x delta bucket for the heat map.
 */
import { z } from 'zod';

/** Per position or summed, in the desk's units: coins, USD per log-return, USD per 1% move's convexity, USD per vol point, USD per day. */
export const BookGreeks = z.object({
  delta: z.number(),
  netDelta: z.number(),
  deltaUsd: z.number(),
  gammaUsd: z.number(),
  vega: z.number(),
  theta: z.number(),
  vanna: z.number(),
  volga: z.number(),
});
export type BookGreeks = z.infer<typeof BookGreeks>;

export const BookPosition = z.object({
  instrument: z.string(),
  underlying: z.string(),
  /** ms since epoch; null for perpetuals. */
  expiry: z.number().nullable(),
  strike: z.number().nullable(),
  kind: z.enum(['call', 'put', 'future', 'perpetual']),
  /** The P&L currency (coin for inverse, USDC or USDT for linear) and the price currency (USD for inverse futures). */
  currency: z.string(),
  priceCurrency: z.string(),
  size: z.number(),
  avgPrice: z.number(),
  /** Theo on the live surface (options), the forward (futures, perpetuals), in the price currency; null when it cannot be marked. */
  mark: z.number().nullable(),
  realized: z.number(),
  unrealized: z.number().nullable(),
  fees: z.number(),
  greeks: BookGreeks.nullable(),
  /** Why there is no mark (expired, no chain of its coin). */
  unmarked: z.string().nullable(),
});
export type BookPosition = z.infer<typeof BookPosition>;

export const BookGroup = z.object({
  underlying: z.string(),
  expiry: z.number().nullable(),
  positions: z.array(BookPosition),
  /** Greeks summed over the group's marked positions; P&L in USD at the coin's forward. */
  greeks: BookGreeks,
  realizedUsd: z.number(),
  unrealizedUsd: z.number(),
});
export type BookGroup = z.infer<typeof BookGroup>;

export const BookCell = z.object({ underlying: z.string(), expiry: z.number().nullable(), deltaBucket: z.string(), deltaUsd: z.number(), vega: z.number() });

export const BookView = z.object({
  asOf: z.number().nullable(),
  groups: z.array(BookGroup),
  /** Delta buckets in order (call-equivalent delta), for the heat map's columns. */
  deltaBuckets: z.array(z.string()),
  cells: z.array(BookCell),
  totals: z.object({ deltaUsd: z.number(), gammaUsd: z.number(), vega: z.number(), theta: z.number(), realizedUsd: z.number(), unrealizedUsd: z.number() }),
  /** Why nothing is marked (no live market). */
  message: z.string().nullable(),
});
export type BookView = z.infer<typeof BookView>;

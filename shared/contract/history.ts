/**
 * Inventory history in the contract: chartable series of the book over a time range, each
 * downsampled (LTTB) to at most `points`, with how many snapshots the range held.
 */
import { z } from 'zod';
import { Fill, Position } from './schemas';

export const InventorySeriesName = z.enum([
  'deltaUsd',
  'gammaUsd',
  'vega',
  'theta',
  'vanna',
  'volga',
  'realizedPnl',
  'unrealizedPnl',
  'fees',
  'netPnl',
  'paramsId',
]);
export type InventorySeriesName = z.infer<typeof InventorySeriesName>;

const time = z.number().int().nonnegative();

export const InventoryHistoryRequest = z
  .object({
    /** Desk clock ms, inclusive. */
    from: time,
    /** Desk clock ms, exclusive. */
    to: time,
    /** Most points per series (a chart's width). */
    points: z.number().int().min(2).max(20_000).default(2000),
    /** Every series when absent or empty. */
    series: z.array(InventorySeriesName).max(InventorySeriesName.options.length).optional(),
  })
  .strict()
  .refine((request) => request.to > request.from, { message: 'to must be after from', path: ['to'] });

export const InventorySeries = z.object({
  name: InventorySeriesName,
  unit: z.string(),
  /** Times (ms) and values, the same length, in time order. */
  t: z.array(z.number()),
  v: z.array(z.number()),
});

export const InventoryHistory = z.object({
  from: z.number(),
  to: z.number(),
  series: z.array(InventorySeries),
  /** Snapshots taken in the range (those compacted into minutes included), before downsampling. */
  rawCount: z.number().int().nonnegative(),
});
export type InventoryHistory = z.infer<typeof InventoryHistory>;

/** A moment of the recorded session to replay: the book as it stood then. */
export const BookAtRequest = z.object({ time }).strict();

export const InventoryAt = z.object({
  /** When the snapshot was taken (at or before the asked time). */
  time: z.number(),
  /** The fill it was taken on; null for the cadence's (and for compacted minutes). */
  fillId: z.number().int().nullable(),
  paramsId: z.number().int(),
  deltaUsd: z.number(),
  gammaUsd: z.number(),
  vega: z.number(),
  theta: z.number(),
  realizedUsd: z.number(),
  unrealizedUsd: z.number(),
  feesUsd: z.number(),
  /** Positions the market could not mark then. */
  unmarked: z.number().int(),
  /** Factor exposures and per-coin greeks by label ('vega BTC 7-30d'), as the snapshot stored them. */
  exposures: z.array(z.object({ label: z.string(), value: z.number() })),
});
export type InventoryAt = z.infer<typeof InventoryAt>;

export const BookAt = z.object({
  time: z.number(),
  /** The latest inventory snapshot at or before `time`; null before the first. */
  inventory: InventoryAt.nullable(),
  /** The open positions then: every fill at or before `time` folded as the store folds them. */
  positions: z.array(Position),
  /** The last fills at or before `time`, newest first. */
  fills: z.array(Fill),
  /** The premium parameter set in force then; null before the first. */
  params: z.object({ id: z.number().int(), source: z.string(), since: z.number() }).nullable(),
});
export type BookAt = z.infer<typeof BookAt>;

/**
 * Inventory history in the contract: chartable series of the book over a time range, each
 * downsampled (LTTB) to at most `points`, with how many snapshots the range held.
 */
import { z } from 'zod';

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

/**
 * Backtests started from the desk (issue 9): the premium engine quoting the embedded simulator's
 * client flow in a worker thread, with progress pushed, cancellable, the outcome stored. Runs of
 * different configurations on the same seed compare side by side. P&L in USD.
 */
import { z } from 'zod';

export const BacktestConfig = z
  .object({
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** Simulated hours (one step a second). */
    hours: z.number().positive().max(24),
    /** The premium engine as configured, or the same engine quoting theo +/- its base half-spread only. */
    strategy: z.enum(['premium', 'symmetric']).default('premium'),
    /** Delta hedged in the perpetuals every step. */
    hedge: z.boolean().default(true),
    /** Risk aversion as a multiple of the set in force. */
    riskAversionScale: z.number().positive().max(1000).default(1),
  })
  .strict();
export type BacktestConfig = z.output<typeof BacktestConfig>;

export const BacktestSummary = z.object({
  pnl: z.number(),
  spread: z.number(),
  inventory: z.number(),
  hedge: z.number(),
  hedgeCost: z.number(),
  fees: z.number(),
  fills: z.number().int(),
  informedFills: z.number().int(),
  contracts: z.number(),
  maxDrawdown: z.number(),
});
export type BacktestSummary = z.infer<typeof BacktestSummary>;

export const BacktestRun = z.object({
  id: z.number().int().positive(),
  started: z.number(),
  finished: z.number().nullable(),
  config: BacktestConfig,
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** Fraction of the simulated time done. */
  progress: z.number().min(0).max(1),
  error: z.string().nullable(),
  summary: BacktestSummary.nullable(),
});
export type BacktestRun = z.infer<typeof BacktestRun>;

/** A finished run's P&L path, sampled each simulated second (times in ms). */
export const BacktestPath = z.object({ id: z.number().int(), t: z.array(z.number()), pnl: z.array(z.number()) });

export const RunId = z.object({ id: z.number().int().positive() }).strict();

/**
 * Backtests started from the desk (issue 9): the premium engine quoting the embedded simulator's
 * client flow in a worker thread, with progress pushed, cancellable, the outcome stored. Runs of
 * different configurations on the same seed compare side by side. P&L in USD.
 */
import { z } from 'zod';

/** How the dealer's quotes get filled (electron/core/backtest/fill-models.ts). */
export const FillModel = z.enum(['intensity', 'trade-through', 'queue']);
export type FillModel = z.infer<typeof FillModel>;

export const BacktestConfig = z
  .object({
    /** The market's seed (the simulator's; on a recording, the intensity fill model's client orders). */
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** Simulated hours (one step a second); on a recording, at most this much of it. */
    hours: z.number().positive().max(24),
    /** The premium engine as configured, or the same engine quoting theo +/- its base half-spread only. */
    strategy: z.enum(['premium', 'symmetric']).default('premium'),
    /** Delta hedged in the perpetuals. */
    hedge: z.boolean().default(true),
    /** Risk aversion as a multiple of the set in force. */
    riskAversionScale: z.number().positive().max(1000).default(1),
    /** A recording file replayed instead of the simulator. */
    recording: z.string().min(1).optional(),
    fillModel: FillModel.default('intensity'),
    /** Quotes take effect this long after the engine computes them. */
    latencyMs: z.number().min(0).max(60_000).default(0),
    /** Hedge only when the delta is more than this (USD per coin) from its target, back to the band's edge. */
    hedgeBandUsd: z.number().min(0).max(1e9).default(0),
    /** A hedge decided is executed this much later, at that time's index. */
    hedgeDelayMs: z.number().min(0).max(3_600_000).default(0),
    /** The hedge's cost as a fraction of its notional (default: the parameters' hedgeCost). */
    hedgeCost: z.number().min(0).max(0.05).optional(),
    /** Market paths: seeds seed .. seed + paths - 1, summarised by mean, std and quantiles. */
    paths: z.number().int().min(1).max(100).default(1),
  })
  .strict();
export type BacktestConfig = z.output<typeof BacktestConfig>;

const Greeks = z.object({ delta: z.number(), gamma: z.number(), vega: z.number(), theta: z.number(), residual: z.number() });
const Terms = z.object({
  base: z.number(),
  inventory: z.number(),
  adverse: z.number(),
  liquidity: z.number(),
  holding: z.number(),
  tail: z.number(),
  fee: z.number(),
  clamp: z.number(),
  rounding: z.number(),
  theoVsMark: z.number(),
});
/** Fills whose horizon ended inside the run, their summed and mean markout (USD, the dealer's side); with several paths, means across them. */
const Markout = z.object({ horizonMs: z.number(), fills: z.number(), total: z.number(), mean: z.number() });
/** Quantiles 5, 25, 50, 75 and 95% across paths. */
const Quantiles = z.object({ p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() });

/** Across a run's paths: the comparison figures (issue 9, part 3). */
export const BacktestStats = z.object({
  paths: z.number().int(),
  pnlMean: z.number(),
  pnlStd: z.number(),
  /** Mean over std of the per-interval P&L changes of every path pooled, times sqrt(intervals per year). */
  sharpe: z.number(),
  sharpeIntervalMs: z.number(),
  maxDrawdownMean: z.number(),
  maxDrawdownWorst: z.number(),
  /** Variance over time of the sampled net delta (USD^2) and net vega ((USD per vol point)^2), paths pooled. */
  deltaVariance: z.number(),
  vegaVariance: z.number(),
  /** The book's net delta (USD) and vega (USD per vol point) at the end, across paths. */
  terminalDelta: Quantiles,
  terminalVega: Quantiles,
});
export type BacktestStats = z.infer<typeof BacktestStats>;

/** What a run earned and how; with several paths, every line (counts too) is the mean across them. */
export const BacktestSummary = z.object({
  pnl: z.number(),
  spread: z.number(),
  inventory: z.number(),
  hedge: z.number(),
  hedgeCost: z.number(),
  fees: z.number(),
  fills: z.number(),
  informedFills: z.number(),
  contracts: z.number(),
  maxDrawdown: z.number(),
  /** Inventory P&L by greek (sums to inventory). */
  greeks: Greeks.optional(),
  /** What each premium term earned at the fills, and theo against the mark (sums to spread). */
  terms: Terms.optional(),
  markouts: z.array(Markout).optional(),
  stats: BacktestStats.optional(),
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

/** A finished run's P&L path (its first path), sampled each simulated second (times in ms). */
export const BacktestPath = z.object({ id: z.number().int(), t: z.array(z.number()), pnl: z.array(z.number()) });

/** The book's net delta (USD) and vega (USD per vol point) sampled each minute of the first path. */
export const InventorySamples = z.object({ t: z.array(z.number()), delta: z.array(z.number()), vega: z.array(z.number()) });
export type InventorySamples = z.infer<typeof InventorySamples>;

export const RunId = z.object({ id: z.number().int().positive() }).strict();

/** A recording in the data directory's recordings folder, by file name: the desk opens no other path for the screens. */
export const RecordingName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, "a file name in the data directory's recordings folder, without a path");

/** A run started from the screens: a recording only by its name in the recordings folder. */
export const BacktestStart = BacktestConfig.extend({ recording: RecordingName.optional() });

/** A recording the screens can replay: its name and what its header says. */
export const RecordingInfo = z.object({
  name: z.string(),
  venue: z.string(),
  started: z.number(),
  ended: z.number().nullable(),
  bytes: z.number().int().nonnegative(),
});
export type RecordingInfo = z.infer<typeof RecordingInfo>;

export const BacktestReportRequest = z.object({ ids: z.array(z.number().int().positive()).min(1).max(20) }).strict();

/** Runs compared: one CSV row per run, and a self-contained HTML page with tables and charts; `fileStem` names the downloads. */
export const BacktestReport = z.object({ fileStem: z.string(), csv: z.string(), html: z.string() });
export type BacktestReport = z.infer<typeof BacktestReport>;

/**
 * The premium engine's parameters: one validated, versioned set (MODEL.md, "The premium" and
 * "Calibration"). Defaults are realistic crypto-dealer values, documented where they sit; a
 * calibration or a dealer's file replaces any of them. Units follow the engine:
 *   risk aversion per USD; horizons in years; spot vol and correlations as fractions;
 *   vol-of-vol in vol points per sqrt(year) (ATM implied vol moves, annualised);
 *   intensity A per day and k per vol point of distance to theo; markouts in vol points;
 *   limits in USD (delta per underlying, vega per vol point per tenor bucket, gamma as the USD
 *   P&L of a 1% move's convexity, gross notional per underlying).
 */
import { z } from 'zod';

const positive = z.number().positive();
const fraction = z.number().min(-1).max(1);
const perCoin = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

/** Fill intensity lambda(delta) = A exp(-k delta) of a bucket (Gueant-Lehalle-Fernandez-Tapia 2013). */
export const Intensity = z.object({ A: positive, k: positive }).strict();
export type Intensity = z.infer<typeof Intensity>;

/** Mean markout against the dealer (vol points) and how many fills it rests on, per side. */
const SideMarkout = z.object({ mean: z.number(), count: z.number().int().nonnegative() }).strict();
export const BucketMarkouts = z.object({ bid: SideMarkout, ask: SideMarkout }).strict();
export type BucketMarkouts = z.infer<typeof BucketMarkouts>;

/** A joint shock for the tail premium: spot log-return and vol shift (fraction) per underlying. */
export const TailScenario = z
  .object({ name: z.string().min(1), spot: perCoin(z.number().min(-3).max(3)), vol: perCoin(z.number().min(-1).max(5)) })
  .strict();
export type TailScenario = z.infer<typeof TailScenario>;

export const Limits = z.object({ delta: positive, vega: positive, gamma: positive, notional: positive }).strict();
export type Limits = z.infer<typeof Limits>;

/**
 * Default stress set for the tail premium: the desk's named scenarios (flash crash, vol spike,
 * correlated crash with liquidations) plus their mirror images, so a book short upside is charged too.
 */
const DEFAULT_SCENARIOS: TailScenario[] = [
  { name: 'flash crash', spot: { BTC: -0.15, ETH: -0.18, SOL: -0.22 }, vol: { BTC: 0.15, ETH: 0.18, SOL: 0.22 } },
  { name: 'correlated crash with liquidations', spot: { BTC: -0.3, ETH: -0.36, SOL: -0.45 }, vol: { BTC: 0.3, ETH: 0.35, SOL: 0.45 } },
  { name: 'vol spike', spot: { BTC: 0, ETH: 0, SOL: 0 }, vol: { BTC: 0.2, ETH: 0.22, SOL: 0.28 } },
  { name: 'vol crush', spot: { BTC: 0, ETH: 0, SOL: 0 }, vol: { BTC: -0.1, ETH: -0.12, SOL: -0.15 } },
  { name: 'rally', spot: { BTC: 0.15, ETH: 0.18, SOL: 0.22 }, vol: { BTC: 0.05, ETH: 0.06, SOL: 0.08 } },
  { name: 'short squeeze', spot: { BTC: 0.3, ETH: 0.36, SOL: 0.45 }, vol: { BTC: 0.15, ETH: 0.18, SOL: 0.22 } },
  { name: 'grind lower, vol bid', spot: { BTC: -0.07, ETH: -0.08, SOL: -0.1 }, vol: { BTC: 0.06, ETH: 0.07, SOL: 0.09 } },
  { name: 'BTC alone', spot: { BTC: -0.12, ETH: -0.04, SOL: -0.04 }, vol: { BTC: 0.1, ETH: 0.03, SOL: 0.03 } },
];

export const PremiumParams = z
  .object({
    underlyings: z.array(z.string().regex(/^[A-Z]{2,10}$/)).min(1).default(['BTC', 'ETH', 'SOL']),
    /** Tenor bucket edges in days: [7, 30, 90] gives 0-7d, 7-30d, 30-90d, 90d+. */
    tenorEdgesDays: z.array(positive).default([7, 30, 90]),
    /** Sizes (contracts) every option is quoted for: an RFQ of any size reads the ladder. */
    sizes: z.array(positive).min(1).default([1, 5, 25, 100]),
    /**
     * gamma of the mean-variance criterion, per USD: at the BTC 7-30d vega limit the book's quotes
     * skew by about 1.4 vol points (riskAversionFromSkew turns the dealer's words into gamma).
     */
    riskAversion: positive.default(2e-6),
    /** How long delta risk is carried before the trader hedges it (1 hour), and the hedge interval of gamma's variance. */
    hedgeIntervalYears: positive.default(1 / (365 * 24)),
    /** How long option (vega, gamma) risk is carried before it can be unwound (1 day). */
    unwindYears: positive.default(1 / 365),
    spotVol: perCoin(positive).default({ BTC: 0.55, ETH: 0.7, SOL: 0.9 }),
    /** Spot log-return correlations, keyed 'BTC/ETH' (either order). */
    spotCorrelation: z.record(z.string(), fraction).default({ 'BTC/ETH': 0.85, 'BTC/SOL': 0.75, 'ETH/SOL': 0.8 }),
    /** ATM vol moves per tenor bucket (short tenors move most), vol points per sqrt(year). */
    volOfVol: perCoin(z.array(positive)).default({ BTC: [80, 65, 50, 40], ETH: [90, 75, 60, 45], SOL: [110, 90, 70, 55] }),
    /** Correlation of ATM vol moves between adjacent tenor buckets (decays as a power with distance). */
    termCorrelation: fraction.default(0.85),
    /** Correlation of ATM vol moves across underlyings, same tenor. */
    volCorrelation: fraction.default(0.6),
    /** Spot-vol correlation of an underlying (crypto: mildly negative, stronger in crashes). */
    spotVolCorrelation: fraction.default(-0.3),
    /** Explicit annual factor covariance (a calibration's EWMA), replacing the structure above. */
    covariance: z.object({ factors: z.array(z.string()), perYear: z.array(z.array(z.number())) }).strict().optional(),
    /** Default fill intensity, and per bucket ('BTC 7-30d') from calibration. */
    intensity: Intensity.default({ A: 40, k: 1.2 }),
    bucketIntensity: z.record(z.string(), Intensity).default({}),
    /** Adverse selection: prior markout (vol points), its weight in fills, and the observed per bucket. */
    adversePriorVolPts: z.number().min(0).default(0.25),
    adversePriorFills: z.number().positive().default(50),
    markouts: z.record(z.string(), BucketMarkouts).default({}),
    /** Square-root law Y sigma sqrt(Q/V) when the book cannot absorb the size; V in contracts per day. */
    impactY: positive.default(0.7),
    dailyVolume: perCoin(positive).default({ BTC: 3000, ETH: 20000, SOL: 50000 }),
    /** Cost of the delta hedge a trade triggers: fee + half spread + impact of the perpetual, as a fraction of notional. */
    hedgeCost: z.number().min(0).default(0.0004),
    /** Perpetual funding per year (longs pay when positive) and the cost of capital tied up as margin. */
    funding: perCoin(z.number()).default({ BTC: 0.08, ETH: 0.08, SOL: 0.1 }),
    capitalRate: z.number().min(0).default(0.15),
    /** Deribit-style short option margin: max(maxRate - OTM/F, minRate) of the underlying, plus the mark. */
    shortMarginRate: z.object({ max: positive, min: positive }).strict().default({ max: 0.15, min: 0.1 }),
    /**
     * Tail: the price of tail risk per year (a cost of the capital the expected shortfall ties up),
     * charged over the unwind horizon on the marginal ES over the worst `tailWorst` scenarios.
     */
    tailPrice: z.number().min(0).default(0.25),
    /** One or two: the stress set is small, and averaging more of it would average the stress away. */
    tailWorst: z.number().int().min(1).max(2).default(2),
    scenarios: z.array(TailScenario).min(1).default(DEFAULT_SCENARIOS),
    limits: perCoin(Limits).default({
      BTC: { delta: 20_000_000, vega: 60_000, gamma: 40_000, notional: 500_000_000 },
      ETH: { delta: 10_000_000, vega: 30_000, gamma: 20_000, notional: 250_000_000 },
      SOL: { delta: 4_000_000, vega: 12_000, gamma: 8_000, notional: 100_000_000 },
    }),
  })
  .strict();
export type PremiumParams = z.output<typeof PremiumParams>;
export type PremiumParamsInput = z.input<typeof PremiumParams>;

export class PremiumParamsError extends Error {}

/** Per-coin tables: a file naming one coin keeps the defaults of the others. */
const PER_COIN_KEYS = ['spotVol', 'spotCorrelation', 'volOfVol', 'dailyVolume', 'funding', 'limits'] as const;

function withDefaultCoins(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const defaults = PremiumParams.parse({});
  const merged: Record<string, unknown> = { ...input };
  for (const key of PER_COIN_KEYS) {
    const given = merged[key];
    if (typeof given === 'object' && given !== null && !Array.isArray(given)) merged[key] = { ...defaults[key], ...given };
  }
  return merged;
}

/** Parse and check a parameter set (any subset; the rest default); an error names each bad field. */
export function premiumParams(input: unknown = {}): PremiumParams {
  const parsed = PremiumParams.safeParse(withDefaultCoins(input));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new PremiumParamsError(`bad premium parameters: ${problems.join('; ')}`);
  }
  const params = parsed.data;
  const buckets = params.tenorEdgesDays.length + 1;
  for (const coin of params.underlyings) {
    const missing = (['spotVol', 'volOfVol', 'dailyVolume', 'funding', 'limits'] as const).filter((key) => params[key][coin] === undefined);
    if (missing.length > 0) throw new PremiumParamsError(`bad premium parameters: ${coin} has no ${missing.join(', ')}`);
    if (params.volOfVol[coin]!.length !== buckets) {
      throw new PremiumParamsError(`bad premium parameters: volOfVol.${coin} needs ${buckets} values, one per tenor bucket`);
    }
  }
  if (params.tenorEdgesDays.some((edge, i) => i > 0 && edge <= params.tenorEdgesDays[i - 1]!)) {
    throw new PremiumParamsError('bad premium parameters: tenorEdgesDays must increase');
  }
  return params;
}

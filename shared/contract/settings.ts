/**
 * The dealer's settings in the contract: the premium parameters a person sets (risk aversion, in
 * the dealer's words or as a number, horizons, the price of tail risk, limits per coin), each
 * change stored as a new parameter version the quotes pick up at the next tick.
 */
import { z } from 'zod';

const positive = z.number().finite().positive();
export const CoinLimits = z.object({ delta: positive, vega: positive, gamma: positive, notional: positive }).strict();

export const PremiumSettings = z.object({
  id: z.number().int(),
  /** 'file' when a dealer set it (a file or this screen), 'calibrated' from data or a skew statement, 'default'. */
  source: z.string(),
  created: z.number(),
  note: z.string().nullable(),
  riskAversion: z.number(),
  hedgeIntervalHours: z.number(),
  unwindHours: z.number(),
  tailPrice: z.number(),
  sizes: z.array(z.number()),
  limits: z.record(z.string(), CoinLimits),
  /** The buckets a skew statement can name: 'BTC 7-30d'. */
  buckets: z.array(z.string()),
});
export type PremiumSettings = z.infer<typeof PremiumSettings>;

export const SettingsChange = z
  .object({
    riskAversion: positive.optional(),
    hedgeIntervalHours: positive.max(24 * 30).optional(),
    unwindHours: positive.max(24 * 365).optional(),
    tailPrice: z.number().finite().min(0).max(100).optional(),
    limits: z.record(z.string().regex(/^[A-Z]{2,10}$/), CoinLimits.partial().strict()).optional(),
  })
  .strict();
export type SettingsChange = z.infer<typeof SettingsChange>;

/** "At the vega limit of this bucket, skew my quotes by this many vol points." */
export const SkewStatement = z.object({ bucket: z.string().trim().min(1).max(32), skewVolPts: positive.max(50) }).strict();

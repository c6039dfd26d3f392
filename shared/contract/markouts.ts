/**
 * Markouts of the dealer's fills in the contract: where the desk's mark of the option went after
 * each fill, as the dealer's P&L from the fill price, per horizon (MARKOUT_HORIZONS_MS).
 */
import { z } from 'zod';

export const FillMarkouts = z.object({
  fillId: z.number().int(),
  /** The desk's theo at the fill, in the fill's price currency. */
  mark: z.number(),
  /** What the fill earned against that mark, USD: positive when the dealer bought below or sold above theo. */
  edgeUsd: z.number(),
  /** The dealer's P&L from the fill price to the mark at each horizon, USD; null where the desk did not see the horizon. */
  markoutsUsd: z.array(z.number().nullable()),
  /** The same per contract, in vol points of the option's vega at the fill. */
  markoutsVolPts: z.array(z.number().nullable()),
});
export type FillMarkouts = z.infer<typeof FillMarkouts>;

export const FillMarkoutsAnswer = z.object({
  horizonsMs: z.array(z.number().int().positive()),
  /** The fills of the same range and limit as fills.list that the desk marked (option fills made while its market ran). */
  fills: z.array(FillMarkouts),
});
export type FillMarkoutsAnswer = z.infer<typeof FillMarkoutsAnswer>;

/**
 * Every hedge suggestion for a book, never an order: delta per coin (band.ts, delta.ts), the
 * cross-asset delta alternative (cross.ts), then vega and gamma in listed options (options.ts).
 * Delta and cross lines are alternatives for the same deltas, each measured from the current book
 * (delta lines on their coin's own risk, cross lines on the whole book's); within the cross and
 * option groups the lines are meant together and their risks run in order.
 */
import type { PremiumParams } from '../premium/params';
import type { RiskMeasure } from '../risk/measure';
import { crossHedges } from './cross';
import { deltaHedges } from './delta';
import type { HedgeMarket } from './market';
import { optionHedges } from './options';
import type { HedgeSuggestion } from './suggestion';

export function suggestHedges(exposure: Float64Array, measure: RiskMeasure, market: HedgeMarket, params: PremiumParams): HedgeSuggestion[] {
  return [...deltaHedges(exposure, measure, market), ...crossHedges(exposure, measure, market), ...optionHedges(exposure, measure, market, params)];
}

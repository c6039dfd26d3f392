/**
 * Markout horizons (MODEL.md, "Adverse selection"): how long after a fill the desk looks at where
 * the option's mark went, from 1 s (the quote was picked off) to 5 min (the move was informed).
 */
export const MARKOUT_HORIZONS_MS = [1_000, 5_000, 30_000, 60_000, 300_000] as const;

/** '1s', '30s', '1m', '5m': column names and table headers. */
export function horizonLabel(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1_000}s`;
}

/**
 * Tick-to-screen lag, for the performance script (bench/suites/screens.ts): when data computed at a
 * core tick (its asOf, the core's clock) has been applied to the DOM, the next animation frame
 * records how long ago that tick was. The last few hundred lags per screen are kept on
 * `window.deskScreenLag` for the script to read; nothing else reads them.
 */
const KEPT = 512;

declare global {
  interface Window {
    deskScreenLag?: Record<string, number[]>;
  }
}

export function stampShown(screen: string, asOf: number | null): void {
  if (asOf === null) return;
  // Svelte applies state to the DOM in a microtask; a frame callback runs after it, just before paint.
  requestAnimationFrame(() => {
    const lags = ((window.deskScreenLag ??= {})[screen] ??= []);
    lags.push(performance.timeOrigin + performance.now() - asOf);
    if (lags.length > KEPT) lags.splice(0, lags.length - KEPT);
  });
}

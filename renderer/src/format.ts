/** Number formatting for dense, right-aligned columns: fixed decimals per unit, signs explicit. */
const DECIMALS: Record<string, number> = { BTC: 4, ETH: 4, SOL: 4, XRP: 4, USD: 2, USDC: 2 };

export function formatAmount(value: number, currency: string, signed = false): string {
  const digits = DECIMALS[currency] ?? 4;
  const text = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (value === 0 || Number(text.replace(/,/g, '')) === 0) return text;
  return value < 0 ? `\u2212${text}` : signed ? `+${text}` : text;
}

export function formatSize(value: number): string {
  const text = Math.abs(value).toLocaleString('en-US', { maximumFractionDigits: 4 });
  return value < 0 ? `\u2212${text}` : text;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function signClass(value: number): string {
  return value > 0 ? 'pos' : value < 0 ? 'neg' : '';
}

/** An implied vol (fraction) in vol points, e.g. 0.6243 -> "62.4". */
export function formatVolPts(vol: number): string {
  return (100 * vol).toFixed(1);
}

/** How long ago, compactly: "0.4 s", "12 s", "3 min". */
export function formatAge(ms: number): string {
  if (ms < 10_000) return `${(Math.max(ms, 0) / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An expiry as traders say it: "27 Nov 26" (all expiries are 08:00 UTC). */
export function formatExpiry(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCFullYear() % 100).padStart(2, '0')}`;
}

/** A minus sign (U+2212) unless the text shows nothing but zeros: -0.3 USD reads "0", not "−0". */
const signed = (value: number, text: string) => (value < 0 && /[1-9]/.test(text) ? `\u2212${text}` : text);

/** Whole USD with thousands separators: "−12,545". */
export function formatUsd(value: number): string {
  return signed(value, Math.abs(Math.round(value)).toLocaleString('en-US'));
}

/** Large amounts in a narrow cell or an axis: "4.17M", "12.4k", "950" (`smallDigits` decimals below 10). */
export function formatCompact(value: number, smallDigits = 0): string {
  const abs = Math.abs(value);
  const text = abs >= 1e6 ? `${(abs / 1e6).toFixed(2)}M` : abs >= 1e3 ? `${(abs / 1e3).toFixed(1)}k` : abs.toFixed(abs >= 10 ? 0 : smallDigits);
  return signed(value, text);
}

/** A heat map cell's background: green for gains or long, red for losses or short, stronger toward `scale`; none for no value. */
export function heatShade(value: number | null, scale: number): string {
  if (value === null) return 'transparent';
  const strength = Math.round(10 + 70 * Math.min(Math.abs(value) / (scale || 1), 1));
  return `color-mix(in srgb, var(${value >= 0 ? '--buy' : '--sell'}) ${strength}%, transparent)`;
}

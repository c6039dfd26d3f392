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

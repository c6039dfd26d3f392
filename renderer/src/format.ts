/** Number formatting for dense, right-aligned columns: fixed decimals per unit, signs explicit. */
const DECIMALS: Record<string, number> = { BTC: 4, ETH: 4, SOL: 4, XRP: 4, USD: 2, USDC: 2, USDT: 2 };

/**
 * One Intl.NumberFormat per digit setting, made once: toLocaleString with options builds a new
 * formatter on every call (about 50 us in V8), which at a few thousand cells a refresh was most of
 * the blotter's and the quote board's main-thread time.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function fixed(minimumFractionDigits: number, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${minimumFractionDigits}:${maximumFractionDigits}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits, maximumFractionDigits })));
  return formatter;
}

export function formatAmount(value: number, currency: string, signed = false): string {
  const digits = DECIMALS[currency] ?? 4;
  const text = fixed(digits, digits).format(Math.abs(value));
  if (value === 0 || Number(text.replace(/,/g, '')) === 0) return text;
  return value < 0 ? `\u2212${text}` : signed ? `+${text}` : text;
}

export function formatSize(value: number): string {
  const text = fixed(0, 4).format(Math.abs(value));
  return value < 0 ? `\u2212${text}` : text;
}

/** A strike or forward as written on a ladder: "100,000", "142.5". */
export function formatStrike(value: number): string {
  return fixed(0, 3).format(value);
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
  return signed(value, fixed(0, 0).format(Math.abs(Math.round(value))));
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

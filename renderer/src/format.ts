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

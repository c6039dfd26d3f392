/**
 * What the simulated venue lists, Deribit's way: every expiry at 08:00 UTC; dailies for the next
 * few days, Friday weeklies for about a month, last-Friday monthlies for about a quarter, and
 * last-Friday quarterlies (March, June, September, December) up to about a year; strike grids
 * dense near the money and coarser in the wings, wider for longer expiries. Names come from
 * shared/domain/instrument.ts, so they round-trip through parseInstrument.
 */
import { EXPIRY_HOUR_UTC, formatInstrument, type OptionInstrument, type Settlement } from '../../../../shared/domain/instrument';

const DAY_MS = 24 * 3600 * 1000;
const FRIDAY = 5;
const QUARTER_MONTHS = [2, 5, 8, 11];

export interface ListingParams {
  /** How many daily expiries (each next 08:00 UTC). */
  dailies: number;
  /** How many Friday expiries. */
  weeklies: number;
  /** How many last-Friday-of-the-month expiries. */
  monthlies: number;
  /** Quarterly expiries up to this many days ahead. */
  quarterlyDays: number;
  /** Strikes per standard deviation of the forward near the money (sets the inner spacing). */
  strikesPerSd: number;
  /** The grid reaches this many standard deviations each side... */
  reachSd: number;
  /** ...but stays within these multiples of the forward. */
  minStrikeRatio: number;
  maxStrikeRatio: number;
}

export const DEFAULT_LISTING: ListingParams = {
  dailies: 3,
  weeklies: 4,
  monthlies: 3,
  quarterlyDays: 366,
  strikesPerSd: 9,
  reachSd: 3,
  minStrikeRatio: 0.3,
  maxStrikeRatio: 3,
};

/** 08:00 UTC of the date containing `time`. */
function expiryOfDay(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), EXPIRY_HOUR_UTC);
}

/** 08:00 UTC on the last Friday of a month (month may run past 11; Date.UTC normalises it). */
function lastFriday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0, EXPIRY_HOUR_UTC));
  const back = (lastDay.getUTCDay() - FRIDAY + 7) % 7;
  return lastDay.getTime() - back * DAY_MS;
}

/** The listed expiries after `now`, ascending, each at 08:00 UTC. */
export function listExpiries(now: number, params: ListingParams = DEFAULT_LISTING): number[] {
  const expiries = new Set<number>();
  let next = expiryOfDay(now);
  if (next <= now) next += DAY_MS;
  for (let i = 0; i < params.dailies; i++) expiries.add(next + i * DAY_MS);

  let friday = next + ((FRIDAY - new Date(next).getUTCDay() + 7) % 7) * DAY_MS;
  for (let i = 0; i < params.weeklies; i++, friday += 7 * DAY_MS) expiries.add(friday);

  const start = new Date(now);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  for (let ahead = 0, found = 0; found < params.monthlies; ahead++) {
    const expiry = lastFriday(year, month + ahead);
    if (expiry > now) {
      expiries.add(expiry);
      found++;
    }
  }
  const horizon = now + params.quarterlyDays * DAY_MS;
  for (let ahead = 0; ; ahead++) {
    if (!QUARTER_MONTHS.includes((month + ahead) % 12)) continue;
    const expiry = lastFriday(year, month + ahead);
    if (expiry > horizon) break;
    if (expiry > now) expiries.add(expiry);
  }
  return [...expiries].sort((a, b) => a - b);
}

const MANTISSAS = [1, 2, 2.5, 5];

/** The round step nearest to `x` in ratio: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`sim listing: step must be a positive number, got ${x}`);
  const power = 10 ** Math.floor(Math.log10(x));
  let best = power;
  for (const mantissa of [...MANTISSAS, 10]) {
    if (Math.abs(Math.log((mantissa * power) / x)) < Math.abs(Math.log(best / x))) best = mantissa * power;
  }
  return best;
}

/** A multiple of `step` written without binary noise (3 x 0.1 is 0.3, not 0.30000000000000004). */
function multiple(count: number, step: number): number {
  const decimals = Math.max(0, 2 - Math.floor(Math.log10(step)));
  return Number((count * step).toFixed(decimals));
}

/**
 * Strikes for an expiry: a round spacing of about sd / strikesPerSd within one standard deviation
 * of the forward (sd = vol sqrt(T), at least a day's), a round spacing about twice as coarse from
 * there out to two, and twice again out to `reachSd`, bounded by the strike ratios.
 */
export function strikeGrid(forward: number, vol: number, years: number, params: ListingParams = DEFAULT_LISTING): number[] {
  if (!(forward > 0) || !(vol > 0) || !(years > 0)) throw new Error(`sim listing: forward, vol and years must be > 0 (got ${forward}, ${vol}, ${years})`);
  const sd = vol * Math.sqrt(Math.max(years, 1 / 365));
  const inner = niceStep((forward * sd) / params.strikesPerSd);
  const bands = [
    { reach: 1, step: inner },
    { reach: 2, step: niceStep(2 * inner) },
    { reach: params.reachSd, step: niceStep(4 * inner) },
  ];
  const floor = forward * params.minStrikeRatio;
  const ceiling = forward * params.maxStrikeRatio;
  const strikes = new Set<number>();
  let innerLow = Infinity;
  let innerHigh = -Infinity;
  for (const { reach, step } of bands) {
    // Each band fills the ring between the previous band's reach and its own, on its own spacing.
    const low = Math.max(forward * Math.exp(-reach * sd), floor);
    const high = Math.min(forward * Math.exp(reach * sd), ceiling);
    for (let count = Math.max(1, Math.ceil(low / step)); count * step <= high; count++) {
      const strike = multiple(count, step);
      if (strike < innerLow || strike > innerHigh) strikes.add(strike);
    }
    innerLow = Math.min(innerLow, ...strikes);
    innerHigh = Math.max(innerHigh, ...strikes);
  }
  return [...strikes].sort((a, b) => a - b);
}

/** Calls and puts on every strike of an expiry, named canonically. */
export function optionsOf(base: string, settlement: Settlement, expiry: number, strikes: readonly number[]): OptionInstrument[] {
  const options: OptionInstrument[] = [];
  for (const strike of strikes) {
    for (const optionType of ['call', 'put'] as const) {
      const spec = { kind: 'option', base, settlement, expiry, strike, optionType } as const;
      options.push({ ...spec, name: formatInstrument(spec) });
    }
  }
  return options;
}

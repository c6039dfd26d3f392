/**
 * An option chain snapshot as the surface sees it, and its cut into per-expiry slices of
 * calibration points. What is not a real quote is not data: Deribit shows an empty bid as IV 0
 * and an empty ask as IV 0 or 500%, and a crossed or zero-size side is no price either. Each
 * dropped row is counted under its reason. Only the out-of-the-money side of each strike is used
 * (calls at K >= F, puts below): in the money the same vol is quoted again, with a wider spread.
 */
import type { OptionType, Settlement } from '../../../shared/domain/instrument';
import { median } from '../../../shared/domain/median';
import { yearsBetween } from '../../../shared/domain/time';
import { optionTicks } from '../../../shared/domain/venue-rules';
import { parityForward } from '../pricing/forward';
import type { Level } from '../market/events';
import type { SlicePoint } from './band-loss';

export interface ChainQuote {
  instrument: string;
  optionType: OptionType;
  strike: number;
  /** ms since epoch */
  expiry: number;
  /** When the venue stamped this quote, ms since epoch. */
  timestamp: number;
  /** Implied vols as fractions; null where the side is empty. */
  bidIv: number | null;
  askIv: number | null;
  bidSize: number | null;
  askSize: number | null;
  markIv: number | null;
  /** Mark price in the premium currency (coin for inverse options). */
  markPrice: number | null;
  /** The venue's forward for the expiry (Deribit's underlying_price), when it gives one. */
  underlyingPrice: number | null;
  /** The order book's levels, best first, [price, amount], when the source carries depth. */
  book?: { bids: Level[]; asks: Level[] };
}

export const DROP_REASONS = ['no_bid', 'no_ask', 'crossed', 'in_the_money', 'no_mark', 'min_tick_mark', 'no_forward', 'expired'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** What a slice is fitted to: bid/ask IVs (weighted by their spread), or marks alone. */
export type FitSource = 'bid_ask' | 'mark';

/** A used quote with its moneyness; bid/ask are null when fitting marks. */
export interface UsedQuote {
  instrument: string;
  k: number;
  targetIv: number;
  bidIv: number | null;
  askIv: number | null;
}

export interface ExpirySlice {
  expiry: number;
  T: number;
  forward: number;
  points: SlicePoint[];
  used: UsedQuote[];
  dropped: Record<DropReason, number>;
}

/** Deribit's IV for an empty ask. */
const NO_ASK_IV = 5;
/** Spread floor in vol (0.1 vol point): a locked or one-tick book must not dominate the weights. */
const MIN_SPREAD_VOL = 0.001;

function noDrops(): Record<DropReason, number> {
  return Object.fromEntries(DROP_REASONS.map((reason) => [reason, 0])) as Record<DropReason, number>;
}

/** Why a quote is not a two-sided price, or null when it is one. */
function bidAskDefect(q: ChainQuote): DropReason | null {
  if (!(q.bidIv !== null && q.bidIv > 0) || q.bidSize === 0) return 'no_bid';
  if (!(q.askIv !== null && q.askIv > 0 && q.askIv < NO_ASK_IV) || q.askSize === 0) return 'no_ask';
  if (q.bidIv > q.askIv) return 'crossed';
  return null;
}

/**
 * The forward of an expiry: the venue's (median over the snapshot's rows, which are not stamped at
 * one instant), else put-call parity on the mark prices.
 */
function expiryForward(quotes: readonly ChainQuote[], settlement: Settlement): number | null {
  const venue = quotes.map((q) => q.underlyingPrice).filter((f): f is number => f !== null && f > 0);
  if (venue.length > 0) return median(venue);
  const byStrike = new Map<number, { strike: number; call?: number; put?: number }>();
  for (const q of quotes) {
    if (q.markPrice === null) continue;
    const pair = byStrike.get(q.strike) ?? { strike: q.strike };
    pair[q.optionType] = q.markPrice;
    byStrike.set(q.strike, pair);
  }
  return parityForward([...byStrike.values()], settlement);
}

/** The snapshot's time: the latest quote stamp (the inputs' time of a calibration). */
export function snapshotTime(quotes: readonly ChainQuote[]): number {
  return quotes.reduce((latest, q) => Math.max(latest, q.timestamp), -Infinity);
}

/** Per-expiry calibration slices, earliest expiry first (an expired or forward-less one has no points). */
export function expirySlices(quotes: readonly ChainQuote[], settlement: Settlement, source: FitSource): ExpirySlice[] {
  const asOf = snapshotTime(quotes);
  const minTick = optionTicks({ settlement })[0]!.tick;
  const byExpiry = new Map<number, ChainQuote[]>();
  for (const q of quotes) {
    const rows = byExpiry.get(q.expiry);
    if (rows) rows.push(q);
    else byExpiry.set(q.expiry, [q]);
  }
  const slices: ExpirySlice[] = [];
  for (const [expiry, rows] of [...byExpiry].sort(([a], [b]) => a - b)) {
    const T = yearsBetween(asOf, expiry);
    const dropped = noDrops();
    const forward = expiryForward(rows, settlement);
    if (!(T > 0) || forward === null) {
      dropped[T > 0 ? 'no_forward' : 'expired'] = rows.length;
      slices.push({ expiry, T, forward: forward ?? NaN, points: [], used: [], dropped });
      continue;
    }
    const points: SlicePoint[] = [];
    const used: UsedQuote[] = [];
    for (const q of rows) {
      const outOfTheMoney = q.optionType === 'call' ? q.strike >= forward : q.strike < forward;
      if (!outOfTheMoney) {
        dropped.in_the_money++;
        continue;
      }
      const k = Math.log(q.strike / forward);
      if (source === 'mark') {
        if (!(q.markIv !== null && q.markIv > 0)) {
          dropped.no_mark++;
          continue;
        }
        // A mark at the venue's smallest tick (or zero) says the option is worth "nothing"; the
        // vol the venue backs out of it is noise (Deribit shows 0.3% beside 60% neighbours).
        if (q.markPrice !== null && q.markPrice <= minTick) {
          dropped.min_tick_mark++;
          continue;
        }
        points.push({ k, w: q.markIv * q.markIv * T, weight: 1 });
        used.push({ instrument: q.instrument, k, targetIv: q.markIv, bidIv: null, askIv: null });
        continue;
      }
      const defect = bidAskDefect(q);
      if (defect) {
        dropped[defect]++;
        continue;
      }
      const bid = q.bidIv!;
      const ask = q.askIv!;
      const mid = (bid + ask) / 2;
      // Weight by the spread in total variance, w = vol^2 T: tight quotes pin the fit.
      const spread = Math.max(ask * ask - bid * bid, 2 * mid * MIN_SPREAD_VOL) * T;
      points.push({ k, w: mid * mid * T, weight: 1 / (spread * spread), band: { low: bid * bid * T, high: ask * ask * T } });
      used.push({ instrument: q.instrument, k, targetIv: mid, bidIv: bid, askIv: ask });
    }
    slices.push({ expiry, T, forward, points, used, dropped });
  }
  return slices;
}

/**
 * The pricing core against Deribit's own numbers in a real snapshot (2020-05-21): recompute each
 * mark IV from its mark price and underlying, and Deribit's greeks from its mark IV.
 *
 * Tolerances, and why: Deribit rounds mark_iv to 0.01 vol points and its greeks to 5 decimals;
 * mark_price is in coin to 8 decimals; and the snapshot is not atomic: each row's
 * underlying_price may differ from the forward Deribit priced with by a few USD (rows in the
 * same second move by ~0.02%). So the IV tolerance per option is 0.01 vol points plus the vol
 * that a 0.02% forward error and the price rounding can move, |delta| dF / vega.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { black76, Valuation } from '../../../electron/core/pricing/black76';
import { impliedVolatility } from '../../../electron/core/pricing/implied-vol';
import { yearsBetween } from '../../../shared/domain/time';
import { FIXTURES_DIR } from '../../support/fixtures';

interface Row {
  instrument: string;
  kind: 'call' | 'put';
  F: number;
  K: number;
  T: number;
  markPrice: number;
  markIv: number;
  greeks: { delta: number; gamma: number; vega: number; theta: number };
}

const rows: Row[] = (parse(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv')), { columns: true }) as Record<string, string>[]).map(
  (r) => ({
    instrument: r.instrument_name!,
    kind: r.option_type as 'call' | 'put',
    F: Number(r.underlying_price),
    K: Number(r.strike),
    T: yearsBetween(Number(r.timestamp), Number(r.expiration_timestamp)),
    markPrice: Number(r.mark_price),
    markIv: Number(r.mark_iv) / 100,
    greeks: JSON.parse(r.greeks!.replace(/'/g, '"')),
  }),
);

/** Snapshot skew between a row's underlying_price and the forward Deribit priced with. */
const FORWARD_SKEW = 0.0005;
/** Half of mark_iv's last digit (0.01 vol points). */
const IV_ROUNDING = 0.00005;
/** Half of the last digit of Deribit's greeks (5 decimals). */
const GREEK_ROUNDING = 5e-6;
const GREEKS = ['delta', 'gamma', 'vega', 'theta'] as const;

describe('Deribit 2020-05-21 chain', () => {
  const out = new Valuation();
  const shifted = new Valuation();

  it('recomputes mark IVs from mark prices within rounding and snapshot skew', () => {
    let checked = 0;
    const misses: string[] = [];
    for (const row of rows) {
      const price = row.markPrice * row.F; // inverse: USD price = coin price x F
      const vol = impliedVolatility(row.kind, row.F, row.K, row.T, price);
      if (row.markPrice === 0 || vol < 0) {
        // A zero mark, or a mark below intrinsic at this row's forward: a reason or 0, never NaN.
        expect(Number.isNaN(vol)).toBe(false);
        continue;
      }
      // The vol that the forward skew and the 8-decimal coin price can move: |delta| dF / vega.
      black76(out, row.kind, row.F, row.K, row.T, row.markIv);
      const tolerance = IV_ROUNDING + ((Math.abs(out.delta) * FORWARD_SKEW + 5e-9) * row.F) / (out.vega * 100);
      if (!(Math.abs(vol - row.markIv) <= tolerance)) misses.push(`${row.instrument}: ${100 * vol} vs mark ${100 * row.markIv}, tolerance ${100 * tolerance} vol points`);
      checked += 1;
    }
    expect(misses).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it("recomputes Deribit's delta, gamma, vega and theta from the mark IV", () => {
    let checked = 0;
    const misses: string[] = [];
    for (const row of rows) {
      // Deribit applies its own convention to theta in the last two days (it stops at the
      // value left); we report the instantaneous decay per day, so theta is compared before that.
      const greeks = row.T > 2 / 365 ? GREEKS : GREEKS.slice(0, 3);
      black76(out, row.kind, row.F, row.K, row.T, row.markIv);
      for (const greek of greeks) {
        // Tolerance: the rounding of the printed greek, plus how far the greek moves under the
        // forward skew and under the rounding of mark_iv.
        const forwardMove = Math.abs(black76(shifted, row.kind, row.F * (1 + FORWARD_SKEW), row.K, row.T, row.markIv)[greek] - out[greek]);
        const volMove = Math.abs(black76(shifted, row.kind, row.F, row.K, row.T, row.markIv + IV_ROUNDING)[greek] - out[greek]);
        const tolerance = GREEK_ROUNDING + forwardMove + volMove;
        if (!(Math.abs(out[greek] - row.greeks[greek]) <= tolerance)) {
          misses.push(`${row.instrument} ${greek}: ours ${out[greek]}, Deribit ${row.greeks[greek]}, tolerance ${tolerance}`);
        }
        checked += 1;
      }
    }
    // One known inconsistency in Deribit's own numbers: BTC-29MAY20-3500-P (mark 5.05e-6 coin)
    // has theta/vega 8% below Black-76's sigma/(2T) at the T of every other row of its expiry.
    expect(misses.filter((miss) => !miss.startsWith('BTC-29MAY20-3500-P theta'))).toEqual([]);
    expect(checked).toBeGreaterThan(1200);
  });
});

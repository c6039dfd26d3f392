/**
 * The surface queries on the real 2020-05-21 chain's calibration: exact at listed expiries (and
 * equal to QuantLib's SviSmileSection there), calendar-free between and beyond them, and a
 * d vol / d K that is the derivative of vol.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateSlices } from '../../../electron/core/surface/calibrate';
import { expirySlices } from '../../../electron/core/surface/chain';
import { parseDeribitTickerCsv, snapshotAt } from '../../../electron/core/surface/chain-files';
import { sviVariance } from '../../../electron/core/surface/svi';
import { VolSurface, type SurfaceSlice } from '../../../electron/core/surface/vol-surface';
import { FIXTURES_DIR } from '../../support/fixtures';
import { QUANTLIB_PYTHON, runQuantLib } from '../../support/quantlib';

const chain = parseDeribitTickerCsv(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv'), 'utf8'));
const surface = VolSurface.of(calibrateSlices(expirySlices(snapshotAt(chain.quotes, Infinity), chain.settlement, 'bid_ask')))!;
const slices = surface.slices;
const STRIKES = [4000, 6000, 8000, 9000, 9500, 10000, 11000, 13000, 16000, 20000, 28000];

describe('VolSurface', () => {
  it('is the calibrated slice at each listed expiry, to the last bits', () => {
    for (const slice of slices) {
      expect(surface.forward(slice.T)).toBeCloseTo(slice.forward, 9);
      for (const K of STRIKES) {
        const k = Math.log(K / slice.forward);
        expect(surface.vol(K, slice.T)).toBeCloseTo(Math.sqrt(sviVariance(slice.svi, k) / slice.T), 12);
        expect(surface.totalVariance(k, slice.T)).toBeCloseTo(sviVariance(slice.svi, k), 14);
      }
    }
  });

  it.skipIf(!QUANTLIB_PYTHON)("agrees with QuantLib's SviSmileSection at listed expiries (1e-12)", () => {
    const reference = runQuantLib<number[][]>(
      'svi.py',
      slices.map((s) => ({ T: s.T, forward: s.forward, svi: s.svi, strikes: STRIKES })),
    );
    slices.forEach((slice, i) => STRIKES.forEach((K, j) => expect(Math.abs(surface.vol(K, slice.T) - reference[i]![j]!)).toBeLessThan(1e-12)));
  });

  it('never lets total variance fall as T grows, between, before and after the expiries', () => {
    const last = slices[slices.length - 1]!.T;
    const falls: string[] = [];
    for (let k = -1.5; k <= 1.5; k += 0.05) {
      let previous = 0;
      for (let T = last / 2000; T <= 1.5 * last; T += last / 2000) {
        const w = surface.totalVariance(k, T);
        if (w < previous * (1 - 1e-12)) falls.push(`k ${k.toFixed(2)} T ${T.toFixed(4)}`);
        previous = w;
      }
    }
    expect(falls).toEqual([]);
  });

  it('interpolates the forward log-linearly and holds vol beyond the last expiry', () => {
    const [first, second] = slices as [SurfaceSlice, SurfaceSlice];
    const mid = (first.T + second.T) / 2;
    expect(surface.forward(mid)).toBeCloseTo(Math.sqrt(first.forward * second.forward), 9);
    const last = slices[slices.length - 1]!;
    expect(surface.vol(last.forward, 2 * last.T)).toBeCloseTo(surface.vol(last.forward, last.T), 12);
  });

  it('gives d vol / d K equal to the central difference of vol (1e-6 relative, the difference error)', () => {
    for (const T of [slices[0]!.T, 0.1, 0.33, slices[slices.length - 1]!.T]) {
      for (const K of STRIKES) {
        const h = K * 1e-5;
        const difference = (surface.vol(K + h, T) - surface.vol(K - h, T)) / (2 * h);
        expect(Math.abs(surface.volSlope(K, T) - difference)).toBeLessThan(1e-6 * Math.abs(difference) + 1e-12);
      }
    }
  });

  it('refuses to be built from nothing', () => {
    expect(() => new VolSurface([])).toThrow(/at least one calibrated expiry/);
  });
});

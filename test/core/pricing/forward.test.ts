import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { black76Price } from '../../../electron/core/pricing/black76';
import { parityForward, type ParityPair } from '../../../electron/core/pricing/forward';
import { FIXTURES_DIR } from '../../support/fixtures';

describe('parity forward', () => {
  it('recovers the forward of Black-76 prices, linear and inverse', () => {
    const F = 9123.45;
    const strikes = [7000, 8000, 9000, 10000, 11000];
    const pairs = (coin: boolean): ParityPair[] =>
      strikes.map((K) => {
        const scale = coin ? F : 1;
        return { strike: K, call: black76Price('call', F, K, 0.1, 0.8) / scale, put: black76Price('put', F, K, 0.1, 0.8) / scale };
      });
    expect(parityForward(pairs(false), 'linear')).toBeCloseTo(F, 8);
    expect(parityForward(pairs(true), 'inverse')).toBeCloseTo(F, 8);
  });

  it('ignores strikes missing a side and says null when no strike has both', () => {
    expect(parityForward([{ strike: 100, call: 5 }, { strike: 110, put: 12 }], 'linear')).toBeNull();
    expect(parityForward([{ strike: 100, call: 5 }, { strike: 105, call: 3, put: 2 }], 'linear')).toBe(106);
    expect(parityForward([{ strike: 100, call: Number.NaN, put: 1 }], 'linear')).toBeNull();
  });

  it("matches the synthetic forward Deribit quotes for every expiry of the 2020 chain to 0.1%", () => {
    // Marks are computed from Deribit's own forward, so parity on marks must give it back; the
    // 0.1% is the spread of underlying_price across rows of one expiry (the snapshot is not atomic).
    const rows = parse(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv')), { columns: true }) as Record<string, string>[];
    const byExpiry = new Map<string, { pairs: Map<number, ParityPair>; forwards: number[] }>();
    for (const row of rows) {
      const expiry = byExpiry.get(row.expiration_timestamp!) ?? { pairs: new Map<number, ParityPair>(), forwards: [] as number[] };
      byExpiry.set(row.expiration_timestamp!, expiry);
      const strike = Number(row.strike);
      const pair = expiry.pairs.get(strike) ?? { strike };
      if (row.option_type === 'call') pair.call = Number(row.mark_price);
      else pair.put = Number(row.mark_price);
      expiry.pairs.set(strike, pair);
      expiry.forwards.push(Number(row.underlying_price));
    }
    for (const [expiry, { pairs, forwards }] of byExpiry) {
      const forward = parityForward([...pairs.values()], 'inverse');
      const quoted = forwards.reduce((a, b) => a + b, 0) / forwards.length;
      expect({ expiry, relativeError: Math.abs(forward! / quoted - 1) < 1e-3 }).toEqual({ expiry, relativeError: true });
    }
  });
});

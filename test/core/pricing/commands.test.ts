/** `desk price` and `desk iv` end to end: JSON lines in, one answer per line, bad lines answered in place. */
import { describe, expect, it } from 'vitest';
import { black76, Valuation } from '../../../electron/core/pricing/black76';
import { runDesk } from '../../support/desk-cli';

const lines = (...values: unknown[]) => values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');

describe('desk price / iv', () => {
  it('prices linear and inverse options in their currencies, with Deribit-unit greeks', () => {
    const result = runDesk(['price'], lines({ kind: 'call', F: 100, K: 110, T: 0.49, vol: 0.5 }, { kind: 'put', F: 9000, K: 9250, T: 0.5, vol: 0.8, settlement: 'inverse' }));
    expect(result.code).toBe(0);
    const [linear, inverse] = result.json();
    const expected = black76(new Valuation(), 'call', 100, 110, 0.49, 0.5);
    expect(linear).toEqual({ ...expected });
    const put = black76(new Valuation(), 'put', 9000, 9250, 0.5, 0.8);
    expect(inverse.price).toBeCloseTo(put.price / 9000, 15);
    expect(inverse.delta).toBe(put.delta);
    expect(inverse.coin_delta).toBeCloseTo(put.delta - put.price / 9000, 15);
  });

  it('answers every line in order: bad lines get an error, the rest still run, exit 1', () => {
    const result = runDesk(
      ['iv'],
      lines(
        { kind: 'call', F: 100, K: 110, T: 0.49, price: 10.118192116976672 },
        '{not json',
        { kind: 'call', F: 100, K: 90, T: 1, price: 5 },
        { kind: 'straddle', F: 100, K: 90, T: 1, price: 5 },
        { kind: 'put', F: 9000, K: 9250, T: 0.5, price: 0.1, settlement: 'inverse' },
      ),
    );
    expect(result.code).toBe(1);
    const [first, notJson, below, badKind, inverse] = result.json();
    expect(first.vol).toBeCloseTo(0.5, 12);
    expect(notJson.error).toMatch(/not JSON/);
    expect(below).toEqual({ error: 'below_intrinsic' });
    expect(badKind.error).toMatch(/kind/);
    const roundTrip = black76(new Valuation(), 'put', 9000, 9250, 0.5, inverse.vol).price / 9000;
    expect(roundTrip).toBeCloseTo(0.1, 12);
  });
});

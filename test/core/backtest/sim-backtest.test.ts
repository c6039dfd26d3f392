/**
 * The engine in the loop on the embedded simulator: runs are reproducible for a seed, the P&L
 * attribution adds up to an independently kept total (cash plus the book at fair value), and the
 * premium quotes draw less flow than symmetric quoting on the same market.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { runSimBacktest, symmetricParams } from '../../../electron/core/backtest/sim-backtest';
import { premiumParams } from '../../../electron/core/premium/params';
import { SIM_START, SMALL_LISTING } from '../../support/sim-market';

const run = (params = premiumParams({}), seed = 5) =>
  runSimBacktest({ seed, start: SIM_START, hours: 0.5, params, clock: new ManualClock(0), listing: SMALL_LISTING });

describe('backtest on the simulated market', () => {
  const premium = run();

  it('is reproducible for a seed and differs for another', () => {
    expect(run()).toEqual(premium);
    expect(run(premiumParams({}), 6).attribution.total).not.toBe(premium.attribution.total);
  });

  it('attributes every dollar: spread + inventory equals the fills cash plus the book at fair value', () => {
    const { attribution: a, cash, finalValue } = premium;
    expect(premium.fills).toBeGreaterThan(5);
    expect(a.spread + a.inventory).toBeCloseTo(cash + finalValue, 6);
    expect(a.total).toBeCloseTo(a.spread + a.inventory + a.hedge + a.hedgeCost + a.fees, 9);
    expect(a.fees).toBeLessThan(0);
    expect(premium.path.at(-1)!.pnl).toBe(a.total);
  });

  it('premium quotes are wider than symmetric ones: less flow, more spread earned per contract', () => {
    const symmetric = run(symmetricParams(premiumParams({})));
    expect(premium.contracts).toBeLessThan(symmetric.contracts);
    expect(premium.attribution.spread / premium.contracts).toBeGreaterThan(symmetric.attribution.spread / symmetric.contracts);
  });
});

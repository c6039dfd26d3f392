/**
 * The engine in the loop on the embedded simulator: runs are reproducible for a seed, the P&L
 * attribution adds up to an independently kept total (cash plus the book at fair value) and its
 * finer lines add up to theirs, the premium quotes draw less flow than symmetric quoting on the
 * same market, and a hedge band trades less than hedging to the target each step.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { runSimBacktest, symmetricParams, type SimBacktestConfig } from '../../../electron/core/backtest/sim-backtest';
import { premiumParams } from '../../../electron/core/premium/params';
import { SIM_START, SMALL_LISTING } from '../../support/sim-market';

const run = (params = premiumParams({}), seed = 5, hedge: SimBacktestConfig['hedge'] = true) =>
  runSimBacktest({ seed, start: SIM_START, hours: 0.5, params, clock: new ManualClock(0), listing: SMALL_LISTING, hedge });

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

  it('splits the spread into what each premium term earned and the inventory into greeks, exactly', () => {
    const { attribution: a, greeks: g, terms: t } = premium;
    expect(t.base + t.inventory + t.adverse + t.liquidity + t.holding + t.tail + t.fee + t.clamp + t.rounding + t.theoVsMark).toBeCloseTo(a.spread, 6);
    expect(g.delta + g.gamma + g.vega + g.theta + g.residual).toBeCloseTo(a.inventory, 6);
    // Marks are Black-76 at the simulator's IVs, steps a second: the Taylor terms leave little behind.
    expect(Math.abs(g.residual)).toBeLessThan(0.05 * (Math.abs(g.delta) + Math.abs(g.gamma) + Math.abs(g.vega) + Math.abs(g.theta)));
    // The simulator marks at fair, the engine prices on the simulator's own surface: theo is close to the mark.
    expect(Math.abs(t.theoVsMark)).toBeLessThan(0.1 * a.spread);
    expect(premium.markouts[0]!.fills).toBe(premium.fills);
  });

  it('a hedge band trades less than hedging to the target each step, and leaves more delta', () => {
    const banded = run(premiumParams({}), 5, { bandUsd: 50_000, delayMs: 5_000, cost: premiumParams({}).hedgeCost });
    expect(banded.fills).toBe(premium.fills); // the same quotes and flow: the hedge does not move the engine
    expect(Math.abs(banded.attribution.hedgeCost)).toBeLessThan(Math.abs(premium.attribution.hedgeCost));
    const spreadOf = (values: number[]) => Math.max(...values.map(Math.abs));
    expect(spreadOf(banded.inventory.delta)).toBeGreaterThan(spreadOf(premium.inventory.delta));
  });

  it('premium quotes are wider than symmetric ones: less flow, more spread earned per contract', () => {
    const symmetric = run(symmetricParams(premiumParams({})));
    expect(premium.contracts).toBeLessThan(symmetric.contracts);
    expect(premium.attribution.spread / premium.contracts).toBeGreaterThan(symmetric.attribution.spread / symmetric.contracts);
  });
});

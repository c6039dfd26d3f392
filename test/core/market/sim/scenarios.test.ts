import { describe, expect, it } from 'vitest';
import { DEFAULT_DYNAMICS } from '../../../../electron/core/market/sim/dynamics-params';
import { DEFAULT_FLOW } from '../../../../electron/core/market/sim/flow';
import type { SimMarket } from '../../../../electron/core/market/sim/market';
import { SCENARIO_DEFAULTS } from '../../../../electron/core/market/sim/scenarios';
import { sviVariance } from '../../../../electron/core/surface/svi';
import { atTheMoney, smallMarket } from '../../../support/sim-market';

/** Diffusion over the few seconds these checks span is about 1e-4 in log: tolerances are 0.5%-1%. */
const logIndex = (market: SimMarket, base: string) => Math.log(market.index(base));

/** ATM implied vol of a coin's j-th listed expiry, from its slice: sqrt(w(0) / T). */
function atmVol(market: SimMarket, base: string, j: number): number {
  const { params, years } = market.slices(base)[j]!;
  return Math.sqrt(sviVariance(params, 0) / years);
}

function spreadInVol(market: SimMarket, instrument: string): number {
  const row = market.chainRows(instrument.split('-')[0]!.replace('_USDC', '')).find((r) => r.instrument === instrument)!;
  return row.askIv! - row.bidIv!;
}

function depth(market: SimMarket, instrument: string): number {
  const { bids, asks } = market.bookOf(instrument);
  return [...bids, ...asks].reduce((sum, [, amount]) => sum + amount, 0);
}

/** Uninformed arrivals at one vol point from fair over a long window: proportional to the flow intensity. */
function arrivals(market: SimMarket, instrument: string): number {
  const { price, vega } = market.fairValue(instrument);
  return market.clientOrders([{ instrument, ask: { price: price + vega, amount: 100 } }], 500 * 3_600_000).length;
}

describe('scenario injection', () => {
  it('flash crash: spot falls by `drop` at once, vol and put skew jump, half the fall comes back over 10 minutes', () => {
    const market = smallMarket({ seed: 31 });
    market.advance(1_000);
    const before = { btc: logIndex(market, 'BTC'), eth: logIndex(market, 'ETH'), iv: atmVol(market, 'BTC', 0), rho: market.slices('BTC')[0]!.params.rho };
    const { drop, recovery, recoveryMs, volMultiplier } = SCENARIO_DEFAULTS['flash-crash'];
    market.inject({ kind: 'flash-crash' });
    market.advance(1_000);
    expect(logIndex(market, 'BTC') - before.btc).toBeCloseTo(Math.log(1 - drop), 2);
    expect(Math.abs(logIndex(market, 'ETH') - before.eth)).toBeLessThan(0.005); // only BTC
    expect(atmVol(market, 'BTC', 0) / before.iv).toBeGreaterThan(0.9 * volMultiplier);
    expect(market.slices('BTC')[0]!.params.rho).toBeLessThan(before.rho - 0.2);
    market.advance(recoveryMs);
    expect(logIndex(market, 'BTC') - before.btc).toBeCloseTo((1 - recovery) * Math.log(1 - drop), 1);
    expect(Math.abs(logIndex(market, 'BTC') - before.btc - (1 - recovery) * Math.log(1 - drop))).toBeLessThan(0.015);
  });

  it('vol spike: the shortest ATM vol rises by about the multiplier, the longest by less, spreads widen', () => {
    const market = smallMarket({ seed: 32 });
    const last = market.slices('ETH').length - 1;
    // SOL's USDC ticks are fine enough for a spread in vol to show; coin ticks round BTC and ETH spreads to whole ticks.
    const atm = atTheMoney(market, 'SOL', 'call', 10).name;
    const before = { short: atmVol(market, 'ETH', 0), long: atmVol(market, 'ETH', last), spread: spreadInVol(market, atm) };
    market.inject({ kind: 'vol-spike', multiplier: 1.8 });
    market.advance(1_000);
    // Book spreads in vol scale with the expiry's ATM vol (book.ts).
    expect(spreadInVol(market, atm) / before.spread).toBeGreaterThan(1.4);
    const shortRatio = atmVol(market, 'ETH', 0) / before.short;
    // The jumps' share of implied variance does not scale, so a little under 1.8.
    expect(shortRatio).toBeGreaterThan(1.65);
    expect(shortRatio).toBeLessThan(1.8);
    expect(atmVol(market, 'ETH', last) / before.long).toBeLessThan(shortRatio - 0.05);
  });

  it('liquidity drought: spreads x3, depth /4 and flow x0.3 for its duration, then back', () => {
    const market = smallMarket({ seed: 33, flow: { ...DEFAULT_FLOW, informedShare: 0 } });
    const atm = atTheMoney(market, 'SOL', 'put', 2).name;
    const before = { spread: spreadInVol(market, atm), depth: depth(market, atm), flow: arrivals(market, atm) };
    const { spreadMultiplier, depthMultiplier, flowMultiplier, durationMs } = SCENARIO_DEFAULTS['liquidity-drought'];
    market.inject({ kind: 'liquidity-drought' });
    market.advance(1_000);
    // Outward tick rounding moves a spread by up to a tick each side; sizes are drawn afresh at new prices.
    expect(spreadInVol(market, atm) / before.spread).toBeGreaterThan(0.85 * spreadMultiplier);
    expect(spreadInVol(market, atm) / before.spread).toBeLessThan(1.15 * spreadMultiplier);
    expect(depth(market, atm) / before.depth).toBeLessThan(1.6 * depthMultiplier);
    const during = arrivals(market, atm);
    expect(Math.abs(during - flowMultiplier * before.flow)).toBeLessThan(5 * Math.sqrt(flowMultiplier * before.flow) + 5 * flowMultiplier * Math.sqrt(before.flow));
    market.advance(durationMs);
    expect(spreadInVol(market, atm) / before.spread).toBeLessThan(1.3);
    expect(depth(market, atm) / before.depth).toBeGreaterThan(0.6);
  });

  it('correlated crash: every coin falls by its beta at once, liquidations cascade to about drop/(1 - feedback), funding turns negative', () => {
    const market = smallMarket({ seed: 34 });
    const bases = ['BTC', 'ETH', 'SOL'];
    const before = bases.map((base) => logIndex(market, base));
    const { drop, feedback, cascadeSteps, cascadeIntervalMs } = SCENARIO_DEFAULTS['correlated-crash'];
    market.inject({ kind: 'correlated-crash' });
    market.advance(1_000);
    const first = bases.map((base, c) => logIndex(market, base) - before[c]!);
    market.advance(cascadeSteps * cascadeIntervalMs);
    bases.forEach((base, c) => {
      const initial = DEFAULT_DYNAMICS.coins[c]!.crashBeta * Math.log(1 - drop);
      expect(first[c]).toBeCloseTo(initial, 2);
      // Each leg sells `feedback` times the previous leg's fall: a geometric cascade of cascadeSteps legs.
      const total = (initial * (1 - feedback ** (cascadeSteps + 1))) / (1 - feedback);
      expect(Math.abs(logIndex(market, base) - before[c]! - total)).toBeLessThan(0.01);
      expect(market.perpetual(base).funding8h).toBeLessThan(0);
    });
    const atm = atTheMoney(market, 'BTC', 'call', 2).name;
    expect(spreadInVol(market, atm)).toBeGreaterThan(0);
  });

  it('refuses unknown kinds and out-of-range parameters, saying which', () => {
    const market = smallMarket();
    expect(() => market.inject({ kind: 'flash-crash', drop: 1.5 })).toThrow(/flash-crash: drop = 1.5/);
    expect(() => market.inject({ kind: 'vol-spike', base: 'DOGE' })).toThrow(/base = DOGE/);
    expect(() => market.inject({ kind: 'meteor' } as never)).toThrow(/unknown kind 'meteor'/);
  });
});

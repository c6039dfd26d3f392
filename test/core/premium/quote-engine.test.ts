/**
 * The premium engine's properties: it reduces to Avellaneda-Stoikov and GLFT in the single-asset
 * limit, signs and symmetries of the inventory term, premiums growing with size, limits
 * suppressing the side that breaches, breakdowns that sum to the quoted price, incremental
 * requotes equal to full ones, and the tail term charging what deepens the stress loss.
 */
import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { glftBaseHalfSpread, glftClosedForm, glftHorizon, avellanedaStoikov } from '../../../electron/core/premium/glft';
import { premiumParams, type PremiumParamsInput } from '../../../electron/core/premium/params';
import { QuoteEngine, TERMS, type QuoteView } from '../../../electron/core/premium/quote-engine';

const option = (name: string) => parseInstrument(name) as OptionInstrument;

const BTC_CHAIN = ['BTC-27DEC26-60000-P', 'BTC-27DEC26-70000-C', 'BTC-27DEC26-80000-C', 'BTC-27DEC26-100000-C'].map(option);
const MARKET = { forward: 75_000, T: 20 / 365, vol: 0.55 };

function engineOf(instruments: OptionInstrument[], overrides: PremiumParamsInput = {}): QuoteEngine {
  const engine = new QuoteEngine(premiumParams(overrides), instruments);
  instruments.forEach((_, i) => engine.setMarket(i, MARKET));
  engine.requote();
  return engine;
}

/** theo - sum(bid terms) and theo + sum(ask terms) */
function fromTerms(view: QuoteView): { bid: number; ask: number } {
  let bid = view.theo;
  let ask = view.theo;
  for (const term of TERMS) {
    bid -= view.premium[term].bid;
    ask += view.premium[term].ask;
  }
  return { bid, ask };
}

/** Inventory-term midpoint shift: (ask - bid)/2 of the inventory terms' asymmetry. */
const inventorySkew = (view: QuoteView) => (view.premium.inventory.bid - view.premium.inventory.ask) / 2;

describe('single-asset limit', () => {
  // One SOL USDC-linear option (1 SOL per contract: prices in USD), its only risk its vol factor:
  // spot vol and correlations ~0, every other premium off. Its price then moves as
  // sigma_price = vega x vol-of-vol, and quotes must be AS's indifference prices and GLFT's.
  const nu = 60;
  const gamma = 2e-3;
  const k = 1.5; // per vol point
  const A = 30; // per day
  const base: PremiumParamsInput = {
    underlyings: ['SOL'],
    riskAversion: gamma,
    spotVol: { SOL: 1e-9 },
    volOfVol: { SOL: [nu, nu, nu, nu] },
    spotVolCorrelation: 0,
    intensity: { A, k },
    adversePriorVolPts: 0,
    impactY: 1e-300,
    hedgeCost: 0,
    funding: { SOL: 0 },
    capitalRate: 0,
    tailPrice: 0,
    sizes: [1],
    limits: { SOL: { delta: 1e12, vega: 1e12, gamma: 1e12, notional: 1e15 } },
  };
  const sol = option('SOL_USDC-27DEC26-150-C');
  const market = { forward: 150, T: 45 / 365, vol: 0.8 };

  function quoted(params: PremiumParamsInput, q: number): { view: QuoteView; vega: number } {
    const engine = new QuoteEngine(premiumParams(params), [sol]);
    engine.setMarket(0, market);
    engine.addFill(0, q);
    engine.requote();
    // The option's vega (USD per vol point per contract): the book's vol exposure per contract held.
    const vega = engine.exposureOf(engine.space.vol(0, engine.space.bucketOf(market.T))) / q;
    return { view: engine.view(0, 0), vega };
  }

  for (const q of [-3, 2, 5]) {
    it(`quotes Avellaneda-Stoikov's indifference prices at inventory ${q} (relative 1e-9)`, () => {
      const tau = 2 / 365;
      const { view, vega } = quoted({ ...base, unwindYears: tau }, q);
      const as = avellanedaStoikov(view.theo, q, gamma, vega * nu, tau);
      expect(view.theo - view.premium.inventory.bid).toBeCloseTo(as.bid, 9);
      expect(view.theo + view.premium.inventory.ask).toBeCloseTo(as.ask, 9);
      expect(view.premium.base.bid).toBeCloseTo(glftBaseHalfSpread(gamma, k / vega), 9);
    });

    it(`quotes GLFT's closed form at inventory ${q} when the horizon is GLFT's (relative 1e-9)`, () => {
      // First find the option's vega (any horizon), then GLFT's tau for sigma = vega nu, k per USD, A per year.
      const { vega } = quoted(base, q);
      const kUsd = k / vega;
      const tau = glftHorizon(gamma, kUsd, A * 365, vega * nu);
      const { view } = quoted({ ...base, unwindYears: tau }, q);
      const glft = glftClosedForm(q, gamma, kUsd, A * 365, vega * nu);
      const bidDistance = view.premium.base.bid + view.premium.inventory.bid;
      const askDistance = view.premium.base.ask + view.premium.inventory.ask;
      expect(bidDistance / glft.bid).toBeCloseTo(1, 9);
      expect(askDistance / glft.ask).toBeCloseTo(1, 9);
    });
  }
});

describe('signs and symmetries', () => {
  it('a flat book gets symmetric inventory premiums', () => {
    const engine = engineOf(BTC_CHAIN);
    for (let i = 0; i < BTC_CHAIN.length; i++) {
      const view = engine.view(i, 0);
      expect(view.premium.inventory.bid).toBeCloseTo(view.premium.inventory.ask, 15);
      expect(view.premium.inventory.bid).toBeGreaterThan(0);
    }
  });

  it('a long-vega book lowers bid and ask of vega-adding options; a short-vega book raises them', () => {
    const flat = engineOf(BTC_CHAIN);
    const long = engineOf(BTC_CHAIN);
    long.addFill(1, 200); // long 200 70000 calls: long vega (and delta, gamma)
    long.requote();
    const short = engineOf(BTC_CHAIN);
    short.addFill(1, -200);
    short.requote();
    for (let i = 0; i < BTC_CHAIN.length; i++) {
      expect(inventorySkew(long.view(i, 0))).toBeGreaterThan(0); // the bid's premium grows, the ask's shrinks: both move down
      expect(long.view(i, 0).bid!).toBeLessThanOrEqual(flat.view(i, 0).bid!);
      expect(long.view(i, 0).ask!).toBeLessThanOrEqual(flat.view(i, 0).ask!);
      expect(inventorySkew(short.view(i, 0))).toBeLessThan(0);
      expect(short.view(i, 0).bid!).toBeGreaterThanOrEqual(flat.view(i, 0).bid!);
      expect(short.view(i, 0).ask!).toBeGreaterThanOrEqual(flat.view(i, 0).ask!);
    }
    // ...and the skew is odd in the book: short by the same amount mirrors it exactly.
    expect(inventorySkew(short.view(2, 0))).toBeCloseTo(-inventorySkew(long.view(2, 0)), 15);
  });

  it('per-contract premium grows with size, on both sides', () => {
    const engine = engineOf(BTC_CHAIN);
    for (let i = 0; i < BTC_CHAIN.length; i++) {
      for (let z = 1; z < engine.sizes.length; z++) {
        const [small, large] = [engine.view(i, z - 1), engine.view(i, z)];
        for (const side of ['bid', 'ask'] as const) {
          expect(large.premium.inventory[side]).toBeGreaterThan(small.premium.inventory[side]);
          expect(large.premium.liquidity[side]).toBeGreaterThanOrEqual(small.premium.liquidity[side]);
        }
        expect(large.bid!).toBeLessThanOrEqual(small.bid!);
        expect(large.ask!).toBeGreaterThanOrEqual(small.ask!);
      }
    }
  });
});

describe('quotes', () => {
  it('sum to their breakdown, sit on the tick ladder and never cross theo', () => {
    const engine = engineOf(BTC_CHAIN);
    engine.addFill(0, -40);
    engine.addFill(3, 25);
    engine.requote();
    for (let i = 0; i < BTC_CHAIN.length; i++) {
      for (let z = 0; z < engine.sizes.length; z++) {
        const view = engine.view(i, z);
        const sums = fromTerms(view);
        expect(sums.bid).toBeCloseTo(view.bid!, 12);
        expect(sums.ask).toBeCloseTo(view.ask!, 12);
        expect(view.bid!).toBeLessThanOrEqual(view.theo);
        expect(view.ask!).toBeGreaterThanOrEqual(view.theo);
        const tick = view.ask! > 0.005 ? 0.0005 : 0.0001;
        expect(Math.abs(view.ask! / tick - Math.round(view.ask! / tick))).toBeLessThan(1e-6);
        expect(view.bidIv!).toBeLessThan(view.vol);
        expect(view.askIv!).toBeGreaterThan(view.vol);
      }
    }
  });

  it('walks the book: a thin book costs more to unwind the larger the size', () => {
    const engine = engineOf(BTC_CHAIN, { impactY: 50 }); // patience (the square-root law) dearer than the walk
    const theo = engine.view(1, 0).theo;
    engine.setBook(1, [[theo - 0.001, 3], [theo - 0.004, 20]], [[theo + 0.001, 3], [theo + 0.003, 200]]);
    engine.requote();
    const liquidity = (z: number) => engine.view(1, z).premium.liquidity.bid - engine.view(1, 0).premium.liquidity.bid;
    // 1 contract: 0.001 below theo; 5: (3 x 0.001 + 2 x 0.004)/5 = 0.0022; hedge cost is the same for every size.
    expect(liquidity(1)).toBeCloseTo(0.0022 - 0.001, 12);
    expect(liquidity(2)).toBeGreaterThan(liquidity(1));
  });

  it('a requote after one option moves equals a fresh engine built on the same state', () => {
    const incremental = engineOf(BTC_CHAIN);
    incremental.addFill(2, 30);
    incremental.requote();
    incremental.setMarket(0, { ...MARKET, vol: 0.6 });
    incremental.setMarket(2, { ...MARKET, forward: 76_000 });
    expect(incremental.requote()).toBe(BTC_CHAIN.length); // option 2 is held: every quote reads the book
    incremental.setMarket(0, { ...MARKET, vol: 0.62 });
    expect(incremental.requote()).toBe(1); // option 0 is not held: only it is requoted
    const fresh = new QuoteEngine(premiumParams({}), BTC_CHAIN);
    BTC_CHAIN.forEach((_, i) => fresh.setMarket(i, MARKET));
    fresh.setMarket(0, { ...MARKET, vol: 0.62 });
    fresh.setMarket(2, { ...MARKET, forward: 76_000 });
    fresh.addFill(2, 30);
    fresh.requote();
    for (let i = 0; i < BTC_CHAIN.length; i++) {
      for (let z = 0; z < 4; z++) {
        const [a, b] = [incremental.view(i, z), fresh.view(i, z)];
        expect(a.bid).toBe(b.bid);
        expect(a.ask).toBe(b.ask);
        for (const term of TERMS) expect(a.premium[term].bid).toBeCloseTo(b.premium[term].bid, 14);
      }
    }
  });
});

describe('limits', () => {
  it('suppress the side that would breach the vega limit, naming it, and keep the side that reduces it', () => {
    const engine = engineOf(BTC_CHAIN, { limits: { BTC: { delta: 1e12, vega: 5_000, gamma: 1e12, notional: 1e15 } } });
    engine.addFill(1, 40); // about 4,300 USD of vega per point in the 7-30d bucket
    engine.requote();
    const small = engine.view(1, 0); // 1 more contract: still inside
    expect(small.suppressed).toBeNull();
    const large = engine.view(1, 3); // 100 more: through the limit
    expect(large.suppressed).toEqual({ side: 'bid', limit: 'vega BTC 7-30d' });
    expect(large.bid).toBeNull();
    expect(large.ask).not.toBeNull();
  });

  it('suppress by delta and notional, and a bid that cannot clear one tick', () => {
    const delta = engineOf(BTC_CHAIN, { limits: { BTC: { delta: 100_000, vega: 1e12, gamma: 1e12, notional: 1e15 } } });
    expect(delta.view(1, 3).suppressed?.limit).toBe('delta BTC');
    const notional = engineOf(BTC_CHAIN, { limits: { BTC: { delta: 1e12, vega: 1e12, gamma: 1e12, notional: 1_000_000 } } });
    expect(notional.view(0, 3).suppressed).toEqual({ side: 'both', limit: 'notional BTC' });
    const farOut = engineOf([option('BTC-27DEC26-400000-C')]);
    expect(farOut.view(0, 0).suppressed).toEqual({ side: 'bid', limit: 'below one tick' });
  });
});

describe('stale data', () => {
  it('halts an option with the reason, keeps its position in the book, and resumes', () => {
    const engine = engineOf(BTC_CHAIN);
    engine.addFill(1, 50);
    engine.halt(1, 'stale: venue-down');
    engine.requote();
    expect(engine.view(1, 0)).toMatchObject({ bid: null, ask: null, suppressed: { side: 'both', limit: 'stale: venue-down' } });
    // Still held: the other options' inventory terms see its exposure.
    expect(inventorySkew(engine.view(2, 0))).toBeGreaterThan(0);
    engine.halt(1, null);
    expect(engine.requote()).toBe(1);
    expect(engine.view(1, 0).suppressed).toBeNull();
  });
});

describe('tail', () => {
  it('charges selling puts into a book already short crash protection more than buying them', () => {
    const engine = engineOf(BTC_CHAIN);
    engine.addFill(0, -100);
    engine.requote();
    const put = engine.view(0, 0);
    expect(put.premium.tail.ask).toBeGreaterThan(0);
    expect(put.premium.tail.bid).toBeLessThan(put.premium.tail.ask);
  });

  it("is the change of the book's shortfall the trade makes, for every size and side (the worst scenarios kept or reordered)", () => {
    // Small sizes leave the book's worst scenarios in place (the engine reads only those); a
    // 100- or 1000-lot of a long-dated option reorders them (it takes the full pass).
    for (const tailWorst of [1, 2]) {
      const params = { tailWorst, sizes: [1, 5, 100, 1000] };
      const engine = engineOf(BTC_CHAIN, params);
      engine.addFill(0, -40);
      engine.addFill(3, 25);
      engine.requote();
      const { tailPrice, unwindYears } = premiumParams(params);
      const shortfall = (e: QuoteEngine) => e.inputsOf(0)!.tail.bookShortfall;
      for (let i = 0; i < BTC_CHAIN.length; i++) {
        params.sizes.forEach((size, z) => {
          for (const [side, sign] of [['bid', 1], ['ask', -1]] as const) {
            const after = engineOf(BTC_CHAIN, params);
            after.addFill(0, -40);
            after.addFill(3, 25);
            after.addFill(i, sign * size);
            after.requote();
            // Inverse options: the USD shortfall per contract in coin at the forward.
            const expected = (tailPrice * unwindYears * (shortfall(after) - shortfall(engine))) / size / MARKET.forward;
            expect(engine.termOf(i, z, side, 'tail')).toBeCloseTo(expected, 12);
          }
        });
      }
    }
  });
});

describe('parameters', () => {
  it('refuse a covariance that is not positive semi-definite, and name a missing field', () => {
    const bad = premiumParams({ spotCorrelation: { 'BTC/ETH': 0.99, 'BTC/SOL': 0.99, 'ETH/SOL': -0.99 } });
    expect(() => new QuoteEngine(bad, BTC_CHAIN)).toThrow(/not positive semi-definite/);
    expect(() => premiumParams({ underlyings: ['BTC', 'XRP'] })).toThrow(/XRP has no spotVol/);
    expect(() => premiumParams({ riskAversion: -1 })).toThrow(/riskAversion/);
  });
});

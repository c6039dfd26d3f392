import { describe, expect, it } from 'vitest';
import type { DealerQuote } from '../../../../electron/core/market/sim/dealer-quote';
import { DEFAULT_FLOW } from '../../../../electron/core/market/sim/flow';
import { atTheMoney, smallMarket } from '../../../support/sim-market';

/** A dealer quoting `delta` vol points either side of the simulator's fair value. */
function quoteAround(market: ReturnType<typeof smallMarket>, instrument: string, delta: number, amount = 1_000): DealerQuote {
  const { price, vega } = market.fairValue(instrument);
  return { instrument, bid: { price: price - delta * vega, amount }, ask: { price: price + delta * vega, amount } };
}

describe('client order flow against the dealer quotes', () => {
  // Counts over a long window are Poisson: tolerance 5 standard deviations, sqrt(expected).
  it('arrives at A w exp(-k delta): fewer fills the further the dealer quotes from fair', () => {
    const market = smallMarket({ flow: { ...DEFAULT_FLOW, informedShare: 0 } });
    const { name } = atTheMoney(market, 'BTC');
    const hours = 2_000;
    const counts = [0, 0.5, 1, 2, 3].map((delta) => {
      // One-sided quotes, so that quoting at fair (delta 0) is not a locked quote.
      const { bid, ask } = quoteAround(market, name, delta);
      const orders = market.clientOrders([{ instrument: name, bid }, { instrument: name, ask }], hours * 3_600_000);
      const buys = orders.filter((o) => o.side === 'buy').length;
      const sells = orders.length - buys;
      return { delta, buys, sells };
    });
    const atFair = counts[0]!.buys;
    expect(atFair).toBeGreaterThan(2_000);
    for (const { delta, buys, sells } of counts) {
      const expected = atFair * Math.exp(-DEFAULT_FLOW.decay * delta);
      expect(Math.abs(buys - expected)).toBeLessThan(5 * Math.sqrt(expected) + 5 * Math.sqrt(atFair) * Math.exp(-delta));
      expect(Math.abs(sells - expected)).toBeLessThan(5 * Math.sqrt(expected) + 5 * Math.sqrt(atFair) * Math.exp(-delta));
    }
    for (let j = 1; j < counts.length; j++) expect(counts[j]!.buys).toBeLessThan(counts[j - 1]!.buys);
  });

  it('draws the same orders for the same seed and quotes, and others for another seed', () => {
    const run = (seed: number) => {
      const market = smallMarket({ seed });
      const { name } = atTheMoney(market, 'BTC', 'put');
      const orders = [];
      for (let step = 0; step < 60; step++) {
        market.advance(1_000);
        orders.push(...market.clientOrders([quoteAround(market, name, 0.3)], 3_600_000));
      }
      return orders;
    };
    expect(run(5).length).toBeGreaterThan(10);
    expect(run(5)).toEqual(run(5));
    expect(run(6)).not.toEqual(run(5));
  });

  it('fills at the dealer price, never more than the dealer shows, and refuses bad quotes', () => {
    const market = smallMarket();
    const { name } = atTheMoney(market, 'ETH');
    const quote = quoteAround(market, name, 0.5, 3);
    const orders = market.clientOrders([quote], 100 * 3_600_000);
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      expect(order.price).toBe(order.side === 'buy' ? quote.ask!.price : quote.bid!.price);
      expect(order.amount).toBeLessThanOrEqual(3);
      expect(order.amount).toBeGreaterThan(0);
    }
    expect(() => market.clientOrders([{ ...quote, bid: { price: quote.ask!.price, amount: 1 } }])).toThrow(/not below ask/);
    expect(() => market.clientOrders([{ instrument: name, ask: { price: Number.NaN, amount: 1 } }])).toThrow(/positive number/);
    expect(() => market.clientOrders([{ instrument: 'BTC-PERPETUAL', ask: { price: 1, amount: 1 } }])).toThrow(/not listed/);
  });

  it('makes informed flow lose the dealer money at 5 minutes, while uninformed flow pays the spread', () => {
    const flow = { ...DEFAULT_FLOW, intensity: { BTC: 300, ETH: 300, SOL: 300 }, informedShare: 0.3 };
    const market = smallMarket({ seed: 21, flow });
    const horizon = flow.informedHorizonMs;
    const instruments = ['BTC', 'ETH', 'SOL'].flatMap((base) => [atTheMoney(market, base, 'call', 2).name, atTheMoney(market, base, 'put', 2).name]);
    const pending: { due: number; instrument: string; dealerSide: number; price: number; vega: number; informed: boolean }[] = [];
    const markouts = { informed: [] as number[], uninformed: [] as number[] };
    for (let step = 0; step < 1_800; step++) {
      market.advance(1_000);
      while (pending.length > 0 && pending[0]!.due <= market.time) {
        const fill = pending.shift()!;
        // Markout from the dealer's side (MODEL.md): side x (mid(t+h) - fill), in vol points.
        const markout = (fill.dealerSide * (market.fairValue(fill.instrument).price - fill.price)) / fill.vega;
        (fill.informed ? markouts.informed : markouts.uninformed).push(markout);
      }
      const quotes = instruments.map((name) => quoteAround(market, name, 0.5));
      for (const order of market.clientOrders(quotes)) {
        const { vega } = market.fairValue(order.instrument);
        pending.push({ due: market.time + horizon, instrument: order.instrument, dealerSide: order.side === 'buy' ? -1 : 1, price: order.price, vega, informed: order.informed });
      }
    }
    const stats = (values: number[]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
      return { mean, error: sd / Math.sqrt(values.length), count: values.length };
    };
    const informed = stats(markouts.informed);
    const uninformed = stats(markouts.uninformed);
    expect(informed.count).toBeGreaterThan(50);
    expect(uninformed.count).toBeGreaterThan(200);
    // They see the path the market then takes: every informed fill loses, not just on average.
    expect(Math.max(...markouts.informed)).toBeLessThan(0);
    expect(informed.mean + 4 * informed.error).toBeLessThan(0);
    // Uninformed clients pay the half-spread (0.5 vol point) less noise: positive for the dealer on average.
    expect(uninformed.mean - 4 * uninformed.error).toBeGreaterThan(0);
  });
});

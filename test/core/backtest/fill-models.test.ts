/**
 * Each fill model's defining property, on the real engine's quotes for a simulated option and a
 * hand-written tape: trade-through fills only prints at or through the dealer's price, sized by
 * the print; the queue model fills the same tape later (the displayed queue at the dealer's price
 * goes first); latency keeps prints before the quotes take effect from filling them.
 */
import { describe, expect, it } from 'vitest';
import { PrintMatcher, type DealerFill } from '../../../electron/core/backtest/fill-models';
import { QuoteSchedule } from '../../../electron/core/backtest/quote-schedule';
import type { TradeEvent } from '../../../electron/core/market/events';
import { MarketState } from '../../../electron/core/market/market-state';
import { premiumParams } from '../../../electron/core/premium/params';
import { QuoteEngine } from '../../../electron/core/premium/quote-engine';
import { atTheMoney, SIM_START, smallMarket } from '../../support/sim-market';

const market = smallMarket();
const option = atTheMoney(market, 'BTC', 'call', 1);
const fair = market.fairValue(option.name);
const AMOUNT = 5;
/** Contracts displayed at the dealer's ask on the venue's book: the queue ahead of it. */
const AHEAD = 4;

function engine(): QuoteEngine {
  const quoting = new QuoteEngine(premiumParams({}), [option]);
  quoting.setMarket(0, { forward: fair.forward, T: fair.years, vol: fair.iv });
  quoting.requote();
  return quoting;
}

function setup(model: 'trade-through' | 'queue', latencyMs = 0) {
  const schedule = new QuoteSchedule(engine(), Int32Array.of(0), Float64Array.of(AMOUNT), latencyMs);
  schedule.publish(SIM_START);
  const state = new MarketState();
  const quoted = new QuoteSchedule(engine(), Int32Array.of(0), Float64Array.of(AMOUNT), 0);
  quoted.publish(SIM_START);
  const { bid, ask } = { bid: quoted.activeAt(SIM_START)!.price(0, 'bid'), ask: quoted.activeAt(SIM_START)!.price(0, 'ask') };
  state.applyBook({ type: 'book', venue: 'sim', instrument: option.name, time: SIM_START, snapshot: true, bids: [[bid, 10]], asks: [[ask, AHEAD]] });
  return { matcher: new PrintMatcher(model, [option], schedule, state), bid, ask };
}

const print = (time: number, takerSide: 'buy' | 'sell', price: number, amount: number): TradeEvent => ({
  type: 'trade',
  venue: 'sim',
  instrument: option.name,
  time: SIM_START + time,
  tradeId: `t${time}`,
  price,
  amount,
  takerSide,
});

/** The tape: a buy short of the dealer's ask, one at it, one through it, a sell through the bid. */
function tape(bid: number, ask: number): TradeEvent[] {
  return [print(100, 'buy', ask * 0.99, 2), print(200, 'buy', ask, 3), print(300, 'buy', ask * 1.02, 2), print(400, 'sell', bid * 0.98, 7)];
}

/** Each fill: when (ms after the start), which side, price and size, and when the quotes it hit took effect. */
const summary = (fills: DealerFill[]) => fills.map(({ time, side, price, amount, snapshot }) => ({ time: time - SIM_START, side, price, amount, at: snapshot.effective - SIM_START }));

describe('fill models', () => {
  it('quotes the option both sides (the premise of what follows)', () => {
    const { bid, ask } = setup('trade-through');
    expect(bid).toBeGreaterThan(0);
    expect(ask).toBeGreaterThan(bid);
  });

  it('trade-through: only prints at or through the dealer’s price fill it, sized by the print up to the quote', () => {
    const { matcher, bid, ask } = setup('trade-through');
    expect(summary(matcher.fills(tape(bid, ask)))).toEqual([
      { time: 200, side: 'ask', price: ask, amount: 3, at: 0 },
      { time: 300, side: 'ask', price: ask, amount: 2, at: 0 },
      { time: 400, side: 'bid', price: bid, amount: AMOUNT, at: 0 },
    ]);
    // A tape that never reaches the quotes fills nothing, however large.
    expect(matcher.fills([print(500, 'buy', ask * 0.995, 50), print(600, 'sell', bid * 1.005, 50)])).toEqual([]);
  });

  it('queue: the same tape fills later and less, once the displayed queue at the dealer’s price is consumed', () => {
    const { matcher, bid, ask } = setup('queue');
    // At the ask 4 are ahead: the 3 bought at +200 and 1 of the 2 at +300 go to them, the other fills the dealer.
    // At the bid 10 are ahead: the 7 sold at +400 do not reach the dealer.
    expect(summary(matcher.fills(tape(bid, ask)))).toEqual([{ time: 300, side: 'ask', price: ask, amount: 1, at: 0 }]);
  });

  it('latency: prints before the quotes take effect do not fill them', () => {
    const { matcher, bid, ask } = setup('trade-through', 250);
    // The quotes take effect at +250 ms: the print at the ask at +200 misses them, the later ones fill.
    expect(summary(matcher.fills(tape(bid, ask)))).toEqual([
      { time: 300, side: 'ask', price: ask, amount: 2, at: 250 },
      { time: 400, side: 'bid', price: bid, amount: AMOUNT, at: 250 },
    ]);
  });
});

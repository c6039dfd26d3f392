/**
 * Deribit notification data into normalized events, on the examples of Deribit's API docs (as
 * ccxt quotes them in its deribit classes) and on shapes that must be refused.
 */
import { describe, expect, it } from 'vitest';
import { normalizeBook, normalizeIndex, normalizeTicker, normalizeTrades } from '../../../electron/core/market/deribit/normalize';

describe('Deribit normalization', () => {
  it('a perpetual ticker: prices as sent, funding per 8 h as a fraction, no IVs', () => {
    const data = {
      timestamp: 1655393724752,
      stats: { volume: 1, price_change: 0, low: 1, high: 2 },
      state: 'open',
      settlement_price: 21729.5891,
      open_interest: 164.501,
      mark_price: 21109.4757,
      last_price: 21132,
      instrument_name: 'BTC_USDC-PERPETUAL',
      index_price: 21122.3937,
      funding_8h: -0.00022427,
      estimated_delivery_price: 21122.3937,
      current_funding: -0.00011158,
      best_bid_price: 21106,
      best_bid_amount: 1.143,
      best_ask_price: 21113,
      best_ask_amount: 0.402,
    };
    expect(normalizeTicker('deribit', data)).toEqual({
      type: 'ticker',
      venue: 'deribit',
      instrument: 'BTC_USDC-PERPETUAL',
      time: 1655393724752,
      markPrice: 21109.4757,
      bestBid: 21106,
      bestBidAmount: 1.143,
      bestAsk: 21113,
      bestAskAmount: 0.402,
      indexPrice: 21122.3937,
      funding8h: -0.00022427,
    });
  });

  it('an option ticker: IVs from percent to fractions; an empty side (price 0, IV 0) is absent', () => {
    const event = normalizeTicker('deribit', {
      timestamp: 1590048000000,
      instrument_name: 'BTC-22MAY20-9250-P',
      mark_price: 0.02124908,
      mark_iv: 85.05,
      bid_iv: 0,
      ask_iv: 101.17,
      best_bid_price: 0,
      best_bid_amount: 0,
      best_ask_price: 0.023,
      best_ask_amount: 9,
      underlying_price: 9096.11,
      index_price: 9095.83,
    });
    // Within an ulp: 85.05 / 100 rounds once more than the decimal 0.8505.
    expect(event).toMatchObject({ markIv: expect.closeTo(0.8505, 15), askIv: expect.closeTo(1.0117, 15), bestAsk: 0.023, bestAskAmount: 9, underlyingPrice: 9096.11 });
    expect(event).not.toHaveProperty('bidIv', expect.anything());
    expect(event?.bestBid).toBeUndefined();
    expect(event?.bestBidAmount).toBeUndefined();
  });

  it('book snapshot and change: levels as [price, amount], a delete as amount 0, change ids as seq', () => {
    expect(
      normalizeBook('deribit', {
        type: 'snapshot',
        timestamp: 1655395057025,
        instrument_name: 'BTC_USDC-PERPETUAL',
        change_id: 1550694837,
        bids: [['new', 20987, 0.487], ['new', 20986, 0.238]],
        asks: [['new', 20999, 0.092]],
      }),
    ).toEqual({ type: 'book', venue: 'deribit', instrument: 'BTC_USDC-PERPETUAL', time: 1655395057025, snapshot: true, seq: 1550694837, bids: [[20987, 0.487], [20986, 0.238]], asks: [[20999, 0.092]] });
    expect(
      normalizeBook('deribit', {
        type: 'change',
        timestamp: 1655395168086,
        prev_change_id: 1550724481,
        instrument_name: 'BTC_USDC-PERPETUAL',
        change_id: 1550724483,
        bids: [['new', 20977, 0.109], ['delete', 20975, 0]],
        asks: [],
      }),
    ).toMatchObject({ snapshot: false, seq: 1550724483, prevSeq: 1550724481, bids: [[20977, 0.109], [20975, 0]], asks: [] });
  });

  it('refuses data that is not Deribit shaped', () => {
    const change = { type: 'change', timestamp: 1, instrument_name: 'BTC-PERPETUAL', change_id: 2, prev_change_id: 1, bids: [], asks: [] };
    expect(normalizeBook('deribit', change)).toBeDefined();
    expect(normalizeBook('deribit', { ...change, prev_change_id: undefined })).toBeUndefined();
    expect(normalizeBook('deribit', { ...change, type: 'update' })).toBeUndefined();
    expect(normalizeBook('deribit', { ...change, bids: [['new', '20977', 1]] })).toBeUndefined();
    expect(normalizeBook('deribit', { ...change, asks: [['move', 20977, 1]] })).toBeUndefined();
    expect(normalizeBook('deribit', [change])).toBeUndefined();
    expect(normalizeTicker('deribit', { instrument_name: 'BTC-PERPETUAL' })).toBeUndefined();
    expect(normalizeTrades('deribit', [{ trade_id: '1', instrument_name: 'BTC-PERPETUAL', timestamp: 1, price: 1, amount: 1, direction: 'up' }])).toBeUndefined();
    expect(normalizeIndex('deribit', { index_name: 'btc_eur', price: 1, timestamp: 1 })).toBeUndefined();
  });

  it('trades with the aggressor side and IV as a fraction; the index by coin', () => {
    const [trade] = normalizeTrades('deribit', [
      { trade_seq: 501899, trade_id: 'USDC-2436803', timestamp: 1655397355998, tick_direction: 2, price: 21026, mark_price: 21019.9719, instrument_name: 'BTC_USDC-PERPETUAL', index_price: 21031.7847, direction: 'buy', amount: 0.049 },
      { trade_id: '2', timestamp: 2, price: 0.02, instrument_name: 'BTC-22MAY20-9250-P', iv: 85.05, direction: 'sell', amount: 1 },
    ])!;
    expect(trade).toEqual({ type: 'trade', venue: 'deribit', instrument: 'BTC_USDC-PERPETUAL', time: 1655397355998, tradeId: 'USDC-2436803', price: 21026, amount: 0.049, takerSide: 'buy', indexPrice: 21031.7847 });
    expect(normalizeTrades('deribit', [{ trade_id: '2', timestamp: 2, price: 0.02, instrument_name: 'X', iv: 85.05, direction: 'sell', amount: 1 }])![0]!.iv).toBeCloseTo(0.8505, 15);
    expect(normalizeIndex('deribit', { index_name: 'eth_usd', price: 2461.9, timestamp: 3 })).toEqual({ type: 'index', venue: 'deribit', underlying: 'ETH', time: 3, price: 2461.9 });
  });
});

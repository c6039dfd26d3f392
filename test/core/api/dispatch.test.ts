/**
 * The gate every bridge calls: untrusted channel names and payloads get a clear error and write
 * nothing; a valid call goes through to the core.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { eventChannels, INVOKE_CHANNELS } from '../../../shared/contract/channels';
import { useTempDirs } from '../../support/temp-dir';
import { HEADER } from '../../support/trade-logs';

const tempDir = useTempDirs();
const NOW = Date.UTC(2024, 10, 1, 12);

function openDesk() {
  return createDesk({ dataDir: tempDir(), clock: new ManualClock(NOW), config: { hostMode: 'cli' } });
}

const goodFill = { instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: 1, price: 0.05 };

describe('dispatch', () => {
  it('stores a valid fill with defaults and the clock, and publishes it with its position', async () => {
    const desk = openDesk();
    const events: unknown[] = [];
    desk.events.subscribe((channel, payload) => events.push({ channel, payload }));
    const outcome = await dispatch(desk.handlers, 'fills.add', goodFill);
    expect(outcome).toMatchObject({ ok: true, value: { id: 1, fee: 0, venue: 'manual', source: 'manual', time: NOW, recordedAt: NOW } });
    expect(events).toHaveLength(1);
    expect(eventChannels['fills.added'].parse((events[0] as { payload: unknown }).payload).position).toMatchObject({ size: 1 });
    desk.close();
  });

  it.each([
    ['unknown channel', 'fills.delete', goodFill, 'unknown_channel', /no such channel/],
    ['prototype key as channel', '__proto__', {}, 'unknown_channel', /no such channel/],
    ['malformed instrument', 'fills.add', { ...goodFill, instrument: 'BTC-27DEC2460000C' }, 'invalid_request', /instrument: .*not a venue name/],
    ['unknown underlying', 'fills.add', { ...goodFill, instrument: 'DOGE-27DEC24-1-C' }, 'invalid_request', /unknown underlying DOGE/],
    ['zero size', 'fills.add', { ...goodFill, size: 0 }, 'invalid_request', /size: size must be positive/],
    ['negative size', 'fills.add', { ...goodFill, size: -2 }, 'invalid_request', /size must be positive/],
    ['string size', 'fills.add', { ...goodFill, size: '1' }, 'invalid_request', /size must be a finite number/],
    ['infinite price', 'fills.add', { ...goodFill, price: Infinity }, 'invalid_request', /price must be a finite number/],
    ['NaN price', 'fills.add', { ...goodFill, price: NaN }, 'invalid_request', /price/],
    ['negative price', 'fills.add', { ...goodFill, price: -0.01 }, 'invalid_request', /price must not be negative/],
    ['bad side', 'fills.add', { ...goodFill, side: 'short' }, 'invalid_request', /side/],
    ['unknown field', 'fills.add', { ...goodFill, admin: true }, 'invalid_request', /admin/],
    ['not an object', 'fills.add', 'BTC-27DEC24-60000-C', 'invalid_request', /expected object/],
    ['array payload', 'fills.add', [goodFill], 'invalid_request', /expected object/],
    ['bad source', 'fills.add', { ...goodFill, source: 'robot' }, 'invalid_request', /source/],
    ['limit too large', 'fills.list', { limit: 1e9 }, 'invalid_request', /limit/],
    ['extra key on an empty request', 'positions.list', { everything: 1 }, 'invalid_request', /everything/],
  ])('refuses %s with a clear error and writes nothing', async (_name, channel, payload, code, message) => {
    const desk = openDesk();
    const outcome = await dispatch(desk.handlers, channel, payload);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.message).toMatch(message);
    expect(desk.fills.count()).toBe(0);
    desk.close();
  });

  it('names every field that is wrong', async () => {
    const desk = openDesk();
    const outcome = await dispatch(desk.handlers, 'fills.add', { instrument: '', side: 'buy', size: -1, price: -1 });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(Object.keys(outcome.error.fields ?? {}).sort()).toEqual(['instrument', 'price', 'size']);
    desk.close();
  });

  it('answers a duplicate venue trade with code duplicate', async () => {
    const desk = openDesk();
    await dispatch(desk.handlers, 'fills.add', { ...goodFill, venue: 'deribit', venueTradeId: '42' });
    const outcome = await dispatch(desk.handlers, 'fills.add', { ...goodFill, venue: 'deribit', venueTradeId: '42' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'duplicate' } });
    expect(desk.fills.count()).toBe(1);
    desk.close();
  });

  it('answers every contract channel with a schema-valid response', async () => {
    const desk = openDesk();
    await dispatch(desk.handlers, 'fills.add', goodFill);
    // Answering a hedge needs a suggestion, hence a market: test/core/hedge/hedge-workflow.test.ts;
    // a breakdown needs a quoted option: test/core/market/desk-market.test.ts;
    // storing and using keys needs the Electron host's keychain: test/core/fills/import-channels.test.ts.
    const requests: Partial<Record<(typeof INVOKE_CHANNELS)[number], unknown>> = {
      'fills.add': { ...goodFill, size: 2 },
      'fills.import': { format: 'deribit', csv: HEADER }, // a log with no trades: nothing to add
      'history.inventory': { from: 0, to: Date.now() },
      'history.at': { time: Date.now() },
      'premium.skew': { bucket: 'ETH 30-90d', skewVolPts: 2 },
      'quotes.watch': { board: {} },
    };
    // Backtests run in threads: test/core/backtest/runs.test.ts; reports of stored runs: test/core/backtest/report.test.ts.
    // Scenarios go into a running simulated market: test/core/market/desk-market.test.ts.
    const elsewhere = new Set(['market.scenario', 'hedges.accept', 'hedges.dismiss', 'quotes.breakdown', 'venues.setKeys', 'fills.importVenue', 'backtest.start', 'backtest.cancel', 'backtest.path', 'backtest.report']);
    for (const channel of INVOKE_CHANNELS.filter((name) => !elsewhere.has(name))) {
      const request = requests[channel] ?? {};
      const outcome = await dispatch(desk.handlers, channel, request);
      expect(outcome.ok, channel).toBe(true);
    }
    desk.close();
  });
});

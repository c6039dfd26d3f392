/**
 * The manual hedge workflow through the contract, on a real SQLite file: the desk suggests hedges
 * for its stored book on the real 2020-05-14 chain, the trader accepts one as edited (a hedge fill
 * linked to it, the position and the next suggestions moving at once) and dismisses another; a
 * suggestion is answered once, and a bad answer writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { premiumParams } from '../../../electron/core/premium/params';
import { parseChainFile } from '../../../electron/core/surface/chain-files';
import { eventChannels, invokeChannels } from '../../../shared/contract/channels';
import { FIXTURES_DIR } from '../../support/fixtures';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2020, 4, 14, 6);
const chain = parseChainFile(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv'), 'utf8'));

function openDesk(dataDir: string, withMarket = true) {
  return createDesk({ dataDir, clock: new ManualClock(NOW), config: { hostMode: 'cli' }, hedgeChains: withMarket ? () => [chain] : undefined });
}

async function ok<T>(outcome: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await outcome;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

type Suggested = ReturnType<typeof invokeChannels['hedges.suggest']['response']['parse']>;
type Accepted = ReturnType<typeof invokeChannels['hedges.accept']['response']['parse']>;

describe('hedges through the contract', () => {
  it('suggests, accepts as edited, dismisses, and answers each suggestion once', async () => {
    const dataDir = tempDir();
    const desk = openDesk(dataDir);
    // 100 times the default risk aversion, so that this book has vega worth hedging.
    desk.premiumParams.save(premiumParams({ riskAversion: 2e-4 }), NOW, 'file');
    const book = [
      { instrument: 'BTC-26JUN20-9000-C', side: 'sell', size: 200, price: 0.11 },
      { instrument: 'BTC-29MAY20-9500-P', side: 'sell', size: 100, price: 0.06 },
      { instrument: 'BTC-PERPETUAL', side: 'sell', size: 1_500_000, price: 9_300 },
    ];
    for (const fill of book) await ok(dispatch(desk.handlers, 'fills.add', fill));

    const first = invokeChannels['hedges.suggest'].response.parse(await ok<Suggested>(dispatch(desk.handlers, 'hedges.suggest', {})));
    expect(first.message).toBeNull();
    const delta = first.suggestions.find((s) => s.kind === 'delta')!;
    const option = first.suggestions.find((s) => s.kind === 'vega' || s.kind === 'gamma')!;
    expect(delta).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'buy', status: 'open', fillId: null });
    expect(option.status).toBe('open');

    // The trader bought a round 1.9M rather than the suggested size, at 9,310.
    const events: { channel: string; payload: unknown }[] = [];
    desk.events.subscribe((channel, payload) => events.push({ channel, payload }));
    const accepted = invokeChannels['hedges.accept'].response.parse(
      await ok<Accepted>(dispatch(desk.handlers, 'hedges.accept', { suggestionId: delta.id, size: 1_900_000, price: 9_310, fee: 0.1, venueTradeId: 'D-1', venue: 'deribit' })),
    );
    expect(accepted.fill).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'buy', size: 1_900_000, price: 9_310, source: 'hedge', time: NOW });
    expect(accepted.suggestion).toMatchObject({ id: delta.id, status: 'accepted', fillId: accepted.fill.id });
    expect(eventChannels['fills.added'].parse(events[0]!.payload).position).toMatchObject({ instrument: 'BTC-PERPETUAL', size: 400_000 });
    expect(desk.fills.position('BTC-PERPETUAL')!.size).toBe(400_000);

    const again = await dispatch(desk.handlers, 'hedges.accept', { suggestionId: delta.id, size: 10, price: 9_310 });
    expect(again).toMatchObject({ ok: false, error: { code: 'duplicate', message: expect.stringMatching(/already accepted/) } });
    expect(desk.fills.count()).toBe(4);

    const dismissed = await ok<{ status: string }>(dispatch(desk.handlers, 'hedges.dismiss', { suggestionId: option.id, reason: 'vol looks cheap' }));
    expect(dismissed).toMatchObject({ status: 'dismissed', fillId: null });
    expect(await dispatch(desk.handlers, 'hedges.accept', { suggestionId: option.id, size: 1, price: 0.05 })).toMatchObject({ ok: false, error: { code: 'duplicate' } });
    expect(await dispatch(desk.handlers, 'hedges.dismiss', { suggestionId: 999 })).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { suggestionId: expect.stringMatching(/no hedge suggestion 999/) } } });
    expect(await dispatch(desk.handlers, 'hedges.accept', { suggestionId: option.id, size: 0, price: 0.05 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(desk.fills.count()).toBe(4);

    // The next suggestions see the hedge: the delta left is inside the band or on the other side of it.
    const second = await ok<Suggested>(dispatch(desk.handlers, 'hedges.suggest', {}));
    const nextDelta = second.suggestions.find((s) => s.kind === 'delta');
    expect(nextDelta === undefined || nextDelta.size < delta.size - 1_000_000).toBe(true);
    desk.close();

    const reopened = openDesk(dataDir);
    expect(reopened.hedges.get(delta.id)).toMatchObject({ status: 'accepted', fillId: accepted.fill.id });
    expect(reopened.hedges.get(option.id)).toMatchObject({ status: 'dismissed' });
    // The recent hedges, newest first: the dismissal with its reason, the acceptance with its fill.
    const recent = invokeChannels['hedges.recent'].response.parse(await ok(dispatch(reopened.handlers, 'hedges.recent', {})));
    expect(recent).toEqual([
      { suggestion: expect.objectContaining({ id: option.id, status: 'dismissed' }), answeredAt: NOW, reason: 'vol looks cheap', fill: null },
      { suggestion: expect.objectContaining({ id: delta.id, status: 'accepted' }), answeredAt: NOW, reason: null, fill: accepted.fill },
    ]);
    reopened.close();
  });

  it('says there is no market rather than suggesting on nothing', async () => {
    const desk = openDesk(tempDir(), false);
    expect(await ok(dispatch(desk.handlers, 'hedges.suggest', {}))).toEqual({ asOf: null, suggestions: [], bands: [], message: expect.stringMatching(/no market/) });
    desk.close();
  });
});

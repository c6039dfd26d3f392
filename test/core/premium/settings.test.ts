/**
 * The dealer's settings through the contract on a real SQLite file: the parameters in force as the
 * screen shows them; a change of some fields stored as a new version with the rest kept; risk
 * aversion from "at the vega limit of a bucket, skew by x vol points" by the published formula on
 * the horizon and limit in force; a bad change answered by field with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { invokeChannels } from '../../../shared/contract/channels';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 5, 1);

async function call(desk: ReturnType<typeof createDesk>, channel: 'premium.settings' | 'premium.update' | 'premium.skew', request: unknown) {
  const outcome = await dispatch(desk.handlers, channel, request);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  return invokeChannels[channel].response.parse(outcome.value);
}

describe('premium settings', () => {
  it('shows the set in force, stores changes as versions, turns a skew statement into risk aversion', async () => {
    const desk = createDesk({ dataDir: tempDir(), clock: new ManualClock(NOW), config: { hostMode: 'cli' } });
    const first = await call(desk, 'premium.settings', {});
    expect(first).toMatchObject({ id: 1, source: 'default', riskAversion: 2e-6, hedgeIntervalHours: 1, unwindHours: 24, sizes: [1, 5, 25, 100] });
    expect(first.buckets).toEqual(['BTC', 'ETH', 'SOL'].flatMap((coin) => ['0-7d', '7-30d', '30-90d', '90d+'].map((label) => `${coin} ${label}`)));

    const changed = await call(desk, 'premium.update', { unwindHours: 12, limits: { BTC: { vega: 30_000 } } });
    expect(changed).toMatchObject({ id: 2, source: 'file', unwindHours: 12, riskAversion: 2e-6, note: 'set on the settings screen: unwindHours, limits' });
    expect(changed.limits.BTC).toEqual({ ...first.limits.BTC, vega: 30_000 });
    expect(changed.limits.ETH).toEqual(first.limits.ETH);
    expect(desk.premiumParams.current(NOW).params.unwindYears).toBeCloseTo(12 / 8760, 15);

    // gamma = x / (tau nu^2 L): 1.5 vol points at the BTC 7-30d limit of 30,000 USD/vol pt, nu = 65, tau = 12 h.
    const skewed = await call(desk, 'premium.skew', { bucket: 'BTC 7-30d', skewVolPts: 1.5 });
    expect(skewed).toMatchObject({ id: 3, source: 'calibrated', unwindHours: 12 });
    expect(skewed.riskAversion).toBeCloseTo(1.5 / ((12 / 8760) * 65 * 65 * 30_000), 15);

    const badCoin = await dispatch(desk.handlers, 'premium.update', { limits: { DOGE: { vega: 1 } } });
    expect(badCoin).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { limits: expect.stringMatching(/no DOGE/) } } });
    const badBucket = await dispatch(desk.handlers, 'premium.skew', { bucket: 'BTC 1-2y', skewVolPts: 1 });
    expect(badBucket).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { bucket: expect.stringMatching(/one of/) } } });
    const negative = await dispatch(desk.handlers, 'premium.update', { unwindHours: -1 });
    expect(negative).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { unwindHours: expect.any(String) } } });
    expect((await call(desk, 'premium.settings', {})).id).toBe(3); // nothing written by the refusals
    desk.close();
  });
});

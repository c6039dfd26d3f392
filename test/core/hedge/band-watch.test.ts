/**
 * Hedge suggestions refresh on moves that cross a band: the band watch on the desk's marks of the
 * book (a real SQLite desk on the real 2020-05-14 BTC chain, its forward moved as the market would
 * move it), and the watch's own rules (a crossing each way, the re-entry margin, a fill reading the
 * state afresh).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { BandWatch, RE_ENTRY } from '../../../electron/core/hedge/band-watch';
import { hedgeMarketOfChains } from '../../../electron/core/hedge/chain-hedge';
import { deltaBandOf, type DeltaBand } from '../../../electron/core/hedge/delta';
import { parseChainFile, type ChainSnapshot } from '../../../electron/core/surface/chain-files';
import { eventChannels, type EventOf } from '../../../shared/contract/channels';
import type { DeltaBand as BandState } from '../../../shared/contract/schemas';
import { FIXTURES_DIR } from '../../support/fixtures';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2020, 4, 14, 6);
const chain = parseChainFile(fs.readFileSync(path.join(FIXTURES_DIR, 'btc-chain-2020-05-14.csv'), 'utf8'));
const CALL = 'BTC-26JUN20-9000-C';

/** The chain with every expiry's forward moved by `factor` (the vols kept): spot moving under a held book. */
function moved(factor: number): ChainSnapshot {
  return { ...chain, quotes: chain.quotes.map((q) => ({ ...q, underlyingPrice: q.underlyingPrice === null ? null : q.underlyingPrice * factor, book: undefined })) };
}

async function ok<T>(outcome: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await outcome;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

type Suggested = { suggestions: { id: number; kind: string; size: number; side: string; instrument: string; price: number }[]; bands: BandState[]; message: string | null };

describe('the desk watches each coin delta against its band', () => {
  it('publishes a crossing when the market moves the book out of its band, and the panel then gets a delta hedge', async () => {
    let market = chain;
    const clock = new ManualClock(NOW);
    const desk = createDesk({ dataDir: tempDir(), clock, config: { hostMode: 'cli' }, hedgeChains: () => [market] });
    const crossings: EventOf<'hedges.bands'>[] = [];
    desk.events.subscribe((channel, payload) => {
      if (channel === 'hedges.bands') crossings.push(eventChannels['hedges.bands'].parse(payload));
    });
    const btc = (bands: BandState[]) => bands.find((band) => band.underlying === 'BTC')!;

    // Long calls, then the suggested delta hedge done as suggested: the delta sits at the band's edge.
    await ok(dispatch(desk.handlers, 'fills.add', { instrument: CALL, side: 'buy', size: 50, price: 0.05, fee: 0 }));
    const first = await ok<Suggested>(dispatch(desk.handlers, 'hedges.suggest', {}));
    expect(btc(first.bands).outside).toBe(true);
    const delta = first.suggestions.find((s) => s.kind === 'delta')!;
    expect(delta.side).toBe('sell');
    await ok(dispatch(desk.handlers, 'hedges.accept', { suggestionId: delta.id, size: delta.size, price: delta.price }));
    const hedged = btc((await ok<Suggested>(dispatch(desk.handlers, 'hedges.suggest', {}))).bands);
    expect(hedged.outside).toBe(false);
    // Traded to the edge (within a lot of 10 USD), not to the target.
    expect(Math.abs(hedged.deltaUsd - hedged.targetUsd - hedged.halfWidthUsd)).toBeLessThan(10);

    // The desk marks the book on an unchanged market: nothing crossed. A position on a coin with
    // no chain is left out of the bands, as the snapshots leave it, and the BTC band still counts.
    await ok(dispatch(desk.handlers, 'fills.add', { instrument: 'ETH-26JUN20-200-C', side: 'buy', size: 1, price: 0.1, fee: 0 }));
    clock.advance(1000);
    desk.snapshotter.snapshot(null);
    expect(crossings).toEqual([]);

    // Spot up 2%: the calls' delta grows past the upper edge; one crossing, with the book's bands.
    market = moved(1.02);
    clock.advance(1000);
    desk.snapshotter.snapshot(null);
    expect(crossings).toHaveLength(1);
    const out = btc(crossings[0]!.bands);
    expect(out).toMatchObject({ underlying: 'BTC', instrument: 'BTC-PERPETUAL', outside: true });
    expect(out.deltaUsd - out.targetUsd).toBeGreaterThan(out.halfWidthUsd);
    expect(crossings[0]!.time).toBe(clock.now());
    // Marked again out there: still one crossing.
    desk.snapshotter.snapshot(null);
    expect(crossings).toHaveLength(1);
    // What the panel asks for then: a delta hedge selling the excess back to the edge.
    const after = await ok<Suggested>(dispatch(desk.handlers, 'hedges.suggest', {}));
    expect(after.suggestions.find((s) => s.kind === 'delta')).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'sell' });
    expect(after.message).toMatch(/left out.*ETH-26JUN20-200-C: no chain of ETH/);
    expect(btc(after.bands).outside).toBe(true);

    // Spot down 2% from the start: well inside again, a second crossing.
    market = moved(0.98);
    clock.advance(1000);
    desk.snapshotter.snapshot(null);
    expect(crossings).toHaveLength(2);
    expect(btc(crossings[1]!.bands).outside).toBe(false);
    desk.close();
  });
});

describe('the band watch', () => {
  const perpetual = hedgeMarketOfChains([chain]).market.linear[0]!;
  // The perpetual's lot is 10 USD: outside means beyond the edge by at least that.
  const band = (deltaUsd: number, underlying = 'BTC'): DeltaBand => deltaBandOf(underlying, 0, perpetual, deltaUsd, 1_000, 10_000);

  function watched() {
    const seen: BandState[][] = [];
    return { watch: new BandWatch((bands) => seen.push(bands)), seen };
  }

  it('reports a coin leaving its band and coming back inside below the re-entry margin', () => {
    const { watch, seen } = watched();
    watch.observe([band(5_000)], false);
    expect(seen).toHaveLength(0); // first seen inside: nothing crossed
    watch.observe([band(11_005)], false); // beyond the edge by less than a lot: no trade, inside
    expect(seen).toHaveLength(0);
    watch.observe([band(11_010)], false); // a lot beyond
    expect(seen.map((bands) => bands[0]!.outside)).toEqual([true]);
    // Back to the edge and a little inside: noise around the edge is not a crossing.
    watch.observe([band(11_000)], false);
    watch.observe([band(1_000 + RE_ENTRY * 10_000 + 1)], false);
    expect(seen).toHaveLength(1);
    watch.observe([band(1_000 + RE_ENTRY * 10_000 - 1)], false);
    expect(seen.map((bands) => bands[0]!.outside)).toEqual([true, false]);
    // The lower edge counts the same.
    watch.observe([band(1_000 - 10_010)], false);
    expect(seen.map((bands) => bands[0]!.outside)).toEqual([true, false, true]);
  });

  it('reads the state afresh after a fill, without reporting it, so a hedge to the edge leaves the coin inside', () => {
    const { watch, seen } = watched();
    watch.observe([band(20_000)], false);
    expect(seen).toHaveLength(1);
    watch.observe([band(11_000)], true); // hedged to the edge: inside, the fill refreshes the panel itself
    expect(seen).toHaveLength(1);
    watch.observe([band(11_050)], false); // the next move out is a crossing
    expect(seen.map((bands) => bands[0]!.outside)).toEqual([true, true]);
  });

  it('reports a coin outside its band that is no longer held', () => {
    const { watch, seen } = watched();
    watch.observe([band(20_000), band(0, 'ETH')], false);
    watch.observe([band(0, 'ETH')], false);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.map((b) => b.underlying)).toEqual(['ETH']);
    watch.observe([], false); // ETH was inside: leaving says nothing
    expect(seen).toHaveLength(2);
  });
});

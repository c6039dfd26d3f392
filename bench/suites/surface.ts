/**
 * The volatility surface on the real Deribit snapshots: a cold calibration of a whole chain (every
 * expiry, arbitrage repair included), a warm recalibration after the chain ticks, and the vol
 * query the engine makes per quote.
 */
import fs from 'node:fs';
import path from 'node:path';
import { calibrateSlices, type WarmStart } from '../../electron/core/surface/calibrate';
import { expirySlices, type ChainQuote, type FitSource } from '../../electron/core/surface/chain';
import { parseChainFile, snapshotAt, type ChainSnapshot } from '../../electron/core/surface/chain-files';
import { VolSurface } from '../../electron/core/surface/vol-surface';
import { FIXTURES_DIR } from '../../test/support/fixtures';
import { medianMs, timed, type BenchSuite, type Timing } from '../measure';

function chainOf(file: string): { quotes: ChainQuote[]; settlement: ChainSnapshot['settlement']; source: FitSource } {
  const text = fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8');
  const markOnly = file.endsWith('.json');
  const chain = parseChainFile(text);
  return { quotes: snapshotAt(chain.quotes, Infinity), settlement: chain.settlement, source: markOnly ? 'mark' : 'bid_ask' };
}

/** The chain one tick later: every IV up by a tenth of a vol point. */
function ticked(quotes: readonly ChainQuote[]): ChainQuote[] {
  const up = (iv: number | null) => (iv === null || iv === 0 ? iv : iv + 0.001);
  return quotes.map((q) => ({ ...q, bidIv: up(q.bidIv), askIv: up(q.askIv), markIv: up(q.markIv) }));
}

function chainFigures(file: string): { cold: number; warm: Timing; surface: VolSurface } {
  const { quotes, settlement, source } = chainOf(file);
  const cold = medianMs(() => calibrateSlices(expirySlices(quotes, settlement, source)), 15, 10);
  const last = new Map<number, WarmStart>();
  const calibration = calibrateSlices(expirySlices(quotes, settlement, source));
  for (const slice of calibration) if (slice.svi) last.set(slice.expiry, slice);
  const next = ticked(quotes);
  // Wall and CPU time: on a loaded machine a 1-2 ms run is often preempted, and the wall median then measures the neighbours.
  // The desk recalibrates on every tick all day: measured once V8 has optimised the warm path
  // (after 100 ticks; after 10 its background compiler was still at work, as the CPU time showed).
  const warm = timed(() => calibrateSlices(expirySlices(next, settlement, source), last), 15, 100);
  const surface = VolSurface.of(calibration);
  if (!surface) throw new Error(`${file}: no expiry calibrated`);
  return { cold, warm, surface };
}

const QUERIES = 4096;
const QUERY_ROUNDS = 200;

/**
 * ns per vol(K, T) over a fixed set of queries as the engine makes them: quotes grouped by expiry
 * (so the bracket is usually the last one), strikes across the chain, a few off-expiry T.
 */
function nsPerVolQuery(surface: VolSurface): number {
  const strikes = new Float64Array(QUERIES);
  const times = new Float64Array(QUERIES);
  const listed = surface.slices.map((s) => s.T);
  for (let i = 0; i < QUERIES; i++) {
    const slice = Math.floor((i * listed.length) / QUERIES);
    times[i] = i % 16 === 0 ? listed[slice]! * 1.37 : listed[slice]!;
    strikes[i] = surface.slices[slice]!.forward * Math.exp(-1 + (2 * ((i * 7919) % QUERIES)) / QUERIES);
  }
  let sink = 0;
  const ms = medianMs(() => {
    for (let round = 0; round < QUERY_ROUNDS; round++) for (let i = 0; i < QUERIES; i++) sink += surface.vol(strikes[i]!, times[i]!);
  }, 9, 3);
  if (!Number.isFinite(sink)) throw new Error('vol query bench: a query was not finite');
  return (ms * 1e6) / (QUERIES * QUERY_ROUNDS);
}

export const surfaceSuite: BenchSuite = {
  name: 'surface',
  run() {
    const bidAsk = chainFigures('btc-chain-2020-05-21.csv');
    const marks = chainFigures('btc-markprice-2025-06-06.json');
    return {
      svi_chain_ms: Number(bidAsk.cold.toFixed(2)),
      svi_warm_ms: Number(bidAsk.warm.wallMs.toFixed(2)),
      svi_warm_cpu_ms: Number(bidAsk.warm.cpuMs.toFixed(2)),
      svi_chain_2025_marks_ms: Number(marks.cold.toFixed(2)),
      svi_warm_2025_marks_ms: Number(marks.warm.wallMs.toFixed(2)),
      svi_warm_2025_marks_cpu_ms: Number(marks.warm.cpuMs.toFixed(2)),
      ns_per_vol_query: Number(nsPerVolQuery(bidAsk.surface).toFixed(1)),
    };
  },
};

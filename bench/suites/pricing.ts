/**
 * The pricing core on issue 3's grid: F = 100, T uniform in 1 day .. 2 years, vol in 20% .. 150%,
 * K = F exp(vol sqrt(T) z) with z in -2 .. 2, calls and puts, 200,000 options; and QuantLib's C++
 * on the same grid (same Park-Miller stream), timed in the same run so the ratio is fair.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { black76, black76Price, Valuation } from '../../electron/core/pricing/black76';
import { impliedVolatility } from '../../electron/core/pricing/implied-vol';
import type { OptionType } from '../../shared/domain/instrument';
import { randomOptions } from '../../test/support/option-grid';
import { median, type BenchSuite } from '../measure';

const OPTIONS = 200_000;
/**
 * Rounds, each timing the desk and then QuantLib once: the machines are shared and their speed
 * drifts by tens of percent within a minute, so the ratios are taken per round, side by side.
 */
const ROUNDS = 9;
const QUANTLIB_SOURCE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'quantlib', 'black-grid.cpp');

interface Grid {
  kinds: OptionType[];
  K: Float64Array;
  T: Float64Array;
  vol: Float64Array;
  price: Float64Array;
}

function grid(): Grid {
  const cases = randomOptions(OPTIONS, { seed: 1 });
  const g: Grid = { kinds: [], K: new Float64Array(OPTIONS), T: new Float64Array(OPTIONS), vol: new Float64Array(OPTIONS), price: new Float64Array(OPTIONS) };
  cases.forEach((c, i) => {
    g.kinds.push(c.kind);
    g.K[i] = c.K;
    g.T[i] = c.T;
    g.vol[i] = c.vol;
    g.price[i] = black76Price(c.kind, c.F, c.K, c.T, c.vol);
  });
  return g;
}

/** ns per option of one pass of `loop` over the grid, after an untimed pass (caches cold after QuantLib's turn). */
function nsPerOption(loop: () => number): number {
  loop();
  const start = process.hrtime.bigint();
  loop();
  return Number(process.hrtime.bigint() - start) / OPTIONS;
}

/** Warm-up passes: at least this many, then until steady, at most the cap. */
const MIN_WARM_UP = 5;
const MAX_WARM_UP = 30;
/** Steady: a pass within this share of the one before, for every loop. */
const STEADY = 0.02;

/**
 * Passes over the grid until V8 has finished tiering every loop up: QuantLib's C++ is compiled
 * ahead of time, so the rounds compare steady states. A fixed three passes left some processes
 * still tiering in their first rounds (passes 4-6 often at 80-90 ns against a steady 67-73), and
 * those processes' ratios came out 20-30% high. The end: two consecutive passes within 2% for
 * every loop, from the fifth pass on.
 */
function warmUp(loops: (() => number)[]): void {
  let previous = loops.map(() => Infinity);
  for (let pass = 1; pass <= MAX_WARM_UP; pass++) {
    const times = loops.map((loop) => {
      const start = process.hrtime.bigint();
      loop();
      return Number(process.hrtime.bigint() - start);
    });
    if (pass >= MIN_WARM_UP && times.every((time, i) => Math.abs(time - previous[i]!) <= STEADY * time)) return;
    previous = times;
  }
}

interface QuantLibRound {
  ns_per_price: number;
  ns_per_iv: number;
  iv_max_abs_err: number;
}

/** QuantLib's C++ on the same grid, compiled once; null where g++ or QuantLib's headers are missing. */
function quantLibRunner(): (() => QuantLibRound) | null {
  if (!fs.existsSync('/usr/include/ql/quantlib.hpp')) return null;
  const binary = path.join(os.tmpdir(), `desk-ql-black-grid-${fs.statSync(QUANTLIB_SOURCE).mtimeMs}`);
  try {
    if (!fs.existsSync(binary)) execFileSync('g++', ['-O2', '-std=c++17', QUANTLIB_SOURCE, '-o', binary, '-lQuantLib'], { stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(`bench pricing: QuantLib side skipped: ${(error as Error).message.split('\n')[0]}\n`);
    return null;
  }
  return () => JSON.parse(execFileSync(binary, [String(OPTIONS), '1']).toString()) as QuantLibRound;
}

export const pricingSuite: BenchSuite = {
  name: 'pricing',
  run() {
    const g = grid();
    // The grid's arrays as locals, as the C++ side reads its vectors: the loops time the pricing, not property loads.
    const { kinds, K, T, vol, price } = g;
    const out = new Valuation();
    const priceGreeksLoop = () => {
      let sink = 0;
      for (let i = 0; i < OPTIONS; i++) sink += black76(out, kinds[i]!, 100, K[i]!, T[i]!, vol[i]!).theta;
      return sink;
    };
    const ivLoop = () => {
      let sink = 0;
      for (let i = 0; i < OPTIONS; i++) sink += impliedVolatility(kinds[i]!, 100, K[i]!, T[i]!, price[i]!);
      return sink;
    };
    warmUp([priceGreeksLoop, ivLoop]);

    const quantLib = quantLibRunner();
    const rounds: { priceGreeks: number; iv: number; ql: QuantLibRound | null }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push({ priceGreeks: nsPerOption(priceGreeksLoop), iv: nsPerOption(ivLoop), ql: quantLib?.() ?? null });
    }
    let maxError = 0;
    for (let i = 0; i < OPTIONS; i++) maxError = Math.max(maxError, Math.abs(impliedVolatility(g.kinds[i]!, 100, g.K[i]!, g.T[i]!, g.price[i]!) - g.vol[i]!));

    const figures: Record<string, number> = {
      ns_per_price_greeks: Number(median(rounds.map((r) => r.priceGreeks)).toFixed(1)),
      ns_per_iv: Number(median(rounds.map((r) => r.iv)).toFixed(1)),
      iv_max_abs_err: maxError,
    };
    const paired = rounds.flatMap((r) => (r.ql ? [{ ...r, ql: r.ql }] : []));
    if (paired.length > 0) {
      figures.quantlib_ns_per_price = Number(median(paired.map((r) => r.ql.ns_per_price)).toFixed(1));
      figures.quantlib_ns_per_iv = Number(median(paired.map((r) => r.ql.ns_per_iv)).toFixed(1));
      figures.quantlib_iv_max_abs_err = paired[0]!.ql.iv_max_abs_err;
      // Issue 3's targets: IV at least 4x faster than QuantLib's; price + all greeks no slower than its price alone.
      figures.iv_speedup_vs_quantlib = Number(median(paired.map((r) => r.ql.ns_per_iv / r.iv)).toFixed(2));
      figures.price_greeks_over_quantlib_price = Number(median(paired.map((r) => r.priceGreeks / r.ql.ns_per_price)).toFixed(2));
    }
    return figures;
  },
};

/**
 * Model validation runs: Avellaneda-Stoikov's 1,000-path experiment (target under 1 s), and a
 * recording replayed with the premium engine in the loop (target 1,000,000 market events a
 * second on one core). The recording is 20 simulated seconds of the desk's three coins at the
 * simulator's pace (ten updates a second, about 2,100 options, 517,000 events): a market event is
 * one book, ticker or trade message of it. The replay is the backtest as the desk runs it: the
 * desk's own backtest thread given the configuration (intensity fills, one-second steps, the hedge
 * each step, every chain's surface refitted from the recorded tickers every 10 s), reading the
 * file's blocks and decoding the events on every path, timed inside the thread.
 *
 * A run's rate is its replay rate plus a fixed cost: a fresh thread's compiler warm-up and first
 * fits, about 0.6 s of CPU. The desk's default run is an hour of market (the backtest form's; about
 * 90 million events a path at the simulator's pace), where that is about 1%; 20 s cannot
 * amortise it, and a file of an hour does not fit a bench. So the replay rate is measured as the
 * marginal rate of a run: runs of 1 and of 1 + EXTRA_PATHS paths alternate in fresh threads, and
 * the extra paths' events over the difference of their medians is `backtest_events_per_s` (wall,
 * in the thread) and `backtest_events_per_cpu_s` (the process's CPU, V8's collector and compiler
 * threads included); the fixed cost is `backtest_warmup_cpu_ms`, and the one-path run's own rate
 * `backtest_first_path_events_per_cpu_s`. The one-core figure is the bench run pinned to a core
 * (`taskset -c 0`): V8 then sizes its collector and compiler for that one core, and both rates
 * are that core's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAs2008 } from '../../electron/core/backtest/as2008';
import type { WorkerMessage, WorkerRequest } from '../../electron/core/backtest/backtest-worker';
import { runPath } from '../../electron/core/backtest/configured-run';
import { startWorker } from '../../electron/core/backtest/runs';
import { Recorder } from '../../electron/core/market/record/recorder';
import { SimVenue } from '../../electron/core/market/sim/venue';
import { premiumParams } from '../../electron/core/premium/params';
import { BacktestConfig } from '../../shared/contract/backtest';
import { median, medianMs, type BenchSuite, type Timing } from '../measure';

const START = Date.UTC(2026, 0, 14, 12);
const SECONDS = 20;
/** Paths the longer of a pair of runs replays beyond the one the shorter does. */
const EXTRA_PATHS = 6;

async function recordSession(file: string): Promise<number> {
  const sim = new SimVenue({ seed: 20260114, start: START });
  const coins = ['BTC', 'ETH', 'SOL'];
  const recorder = new Recorder(file, { venue: 'sim', started: START, params: { underlyings: coins } });
  const names: string[] = [];
  for (const coin of coins) {
    const listed = await sim.instruments(coin);
    recorder.listing(START, listed);
    names.push(...listed.map((l) => l.instrument.name));
  }
  await sim.subscribe(names, recorder.append);
  sim.advance(SECONDS * 1_000);
  await sim.close();
  return recorder.close(sim.market.time).events;
}

/** One run in the desk's backtest thread, as its timing inside the thread. */
function inBacktestThread(request: WorkerRequest): Promise<Timing> {
  const worker = startWorker();
  return new Promise<Timing>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'result') resolve({ wallMs: message.wallMs, cpuMs: message.cpuMs });
    });
    worker.on('error', reject);
    worker.postMessage(request);
  }).finally(() => void worker.terminate());
}

export const backtestSuite: BenchSuite = {
  name: 'backtest',
  async run() {
    let seed = 1;
    const ms = medianMs(() => void runAs2008({ gamma: 0.1, paths: 1000, seed: seed++, strategy: 'inventory' }), 7, 1);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-backtest-'));
    try {
      const file = path.join(dir, 'session.sqlite');
      await recordSession(file);
      const onePath = { config: BacktestConfig.parse({ seed: 1, hours: 1, paths: 1, recording: file }), params: premiumParams({}) };
      const longer = { ...onePath, config: { ...onePath.config, paths: 1 + EXTRA_PATHS } };
      const events = runPath(onePath, 1).events;
      const short: Timing[] = [];
      const long: Timing[] = [];
      for (let i = 0; i < 3; i++) {
        short.push(await inBacktestThread(onePath));
        long.push(await inBacktestThread(longer));
      }
      const marginal = (of: (run: Timing) => number) => (median(long.map(of)) - median(short.map(of))) / EXTRA_PATHS;
      const pathCpuMs = marginal((run) => run.cpuMs);
      return {
        as2008_1000_paths_ms: ms,
        backtest_events_per_s: Math.round(events / (marginal((run) => run.wallMs) / 1000)),
        backtest_events_per_cpu_s: Math.round(events / (pathCpuMs / 1000)),
        backtest_warmup_cpu_ms: Math.round(median(short.map((run) => run.cpuMs)) - pathCpuMs),
        backtest_first_path_events_per_cpu_s: Math.round(events / (median(short.map((run) => run.cpuMs)) / 1000)),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

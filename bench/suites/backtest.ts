/**
 * Model validation runs: Avellaneda-Stoikov's 1,000-path experiment (target under 1 s), and a
 * recording replayed with the premium engine in the loop (target 1,000,000 market events a
 * second on one core). The recording is 20 simulated seconds of the desk's three coins at the
 * simulator's pace (ten updates a second, about 2,100 options): a market event is one book,
 * ticker or trade message of it. The replay is the backtest as the desk runs it: the desk's own
 * backtest thread (runs.ts: its young generation sized for a replay) given the configuration
 * (intensity fills, one-second steps, the hedge each step, every chain's surface refitted from the
 * recorded tickers every 10 s) over three paths (fill seeds) of the recording, reading the file's
 * blocks and decoding the events each time, timed inside the thread (its start and module loading
 * left out: a constant per run, not per event). A thread is fresh for every run, so the first path
 * also pays the compiler's warm-up, which a replay of hours amortises and 20 s cannot: three paths
 * keep that share near what a real run sees.
 * CPU time is reported beside it (the process's: the bench's main thread only waits meanwhile), as
 * the machine is shared.
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
      const paths = 3;
      const request = { config: BacktestConfig.parse({ seed: 1, hours: 1, paths, recording: file }), params: premiumParams({}) };
      const events = paths * runPath(request, 1).events;
      const runs: Timing[] = [];
      for (let i = 0; i < 3; i++) runs.push(await inBacktestThread(request));
      return {
        as2008_1000_paths_ms: ms,
        backtest_events_per_s: Math.round(events / (median(runs.map((run) => run.wallMs)) / 1000)),
        backtest_events_per_cpu_s: Math.round(events / (median(runs.map((run) => run.cpuMs)) / 1000)),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

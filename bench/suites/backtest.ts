/**
 * Model validation runs: Avellaneda-Stoikov's 1,000-path experiment (target under 1 s), and a
 * recording replayed with the premium engine in the loop (target 1,000,000 market events a
 * second on one core). The recording is 20 simulated seconds of the desk's three coins at the
 * simulator's pace (ten updates a second, about 2,100 options): a market event is one book,
 * ticker or trade message of it. The replay is the backtest as configured (intensity fills,
 * one-second steps, the hedge each step, every chain's surface refitted from the recorded
 * tickers every 10 s), from the file: reading its blocks and decoding the events included. CPU time is reported
 * beside it, as the machine is shared, and the same replay of the events already read into memory
 * (`backtest_loop_events_per_cpu_s`: the loop, the engine, the market state and the surface fits
 * without the file), which says where the time goes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAs2008 } from '../../electron/core/backtest/as2008';
import { runPath } from '../../electron/core/backtest/configured-run';
import { arrayCursor } from '../../electron/core/backtest/recording-source';
import type { MarketEvent } from '../../electron/core/market/events';
import { Recording } from '../../electron/core/market/record/recording';
import { Recorder } from '../../electron/core/market/record/recorder';
import { SimVenue } from '../../electron/core/market/sim/venue';
import { premiumParams } from '../../electron/core/premium/params';
import { BacktestConfig } from '../../shared/contract/backtest';
import { medianMs, timed, type BenchSuite } from '../measure';

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

function readAll(file: string): MarketEvent[] {
  const recording = new Recording(file);
  const events: MarketEvent[] = [];
  const cursor = recording.cursor();
  for (let event = cursor.next(); event; event = cursor.next()) events.push(event);
  recording.close();
  return events;
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
      const request = { config: BacktestConfig.parse({ seed: 1, hours: 1, recording: file }), params: premiumParams({}) };
      let events = 0;
      const replay = timed(() => (events = runPath(request, 1).events), 3, 1);
      const recorded = readAll(file);
      const inMemory = timed(() => void runPath({ ...request, events: () => arrayCursor(recorded) }, 1), 3, 1);
      return {
        as2008_1000_paths_ms: ms,
        backtest_events_per_s: Math.round(events / (replay.wallMs / 1000)),
        backtest_events_per_cpu_s: Math.round(events / (replay.cpuMs / 1000)),
        backtest_loop_events_per_cpu_s: Math.round(events / (inMemory.cpuMs / 1000)),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

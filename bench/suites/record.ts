/**
 * Recording and replay of a simulated session: 100,000-odd real simulator events (books with
 * four levels a side, tickers, prints, index; BTC and SOL options and perpetuals) appended by the
 * Recorder into a fresh file (a block per transaction, synced at each commit, closed at the end;
 * `record_rows_per_s` counts events, as when there was a row each), then read back in order and
 * decoded as the replay venue does (its listeners not included).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MarketEvent } from '../../electron/core/market/events';
import { Recorder } from '../../electron/core/market/record/recorder';
import { Recording } from '../../electron/core/market/record/recording';
import { SimVenue } from '../../electron/core/market/sim/venue';
import { medianMs, type BenchSuite } from '../measure';

const START = Date.UTC(2026, 0, 14, 12);

async function simEvents(): Promise<MarketEvent[]> {
  const sim = new SimVenue({ seed: 20260114, start: START });
  const names: string[] = [];
  for (const coin of ['BTC', 'SOL']) names.push(...(await sim.instruments(coin)).map((l) => l.instrument.name));
  const events: MarketEvent[] = [];
  await sim.subscribe(names, (event) => events.push(event));
  while (events.length < 100_000) sim.advance(sim.market.stepMs);
  await sim.close();
  return events;
}

export const recordSuite: BenchSuite = {
  name: 'record',
  async run() {
    const events = await simEvents();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-record-'));
    try {
      let round = 0;
      let file = '';
      const recordMs = medianMs(
        () => {
          file = path.join(dir, `session-${round++}.sqlite`);
          const recorder = new Recorder(file, { venue: 'sim', started: START, params: {} });
          for (let i = 0; i < events.length; i++) recorder.append(events[i]!);
          recorder.close(START);
        },
        5,
        1,
      );
      const bytes = fs.statSync(file).size;
      const recording = new Recording(file);
      let read = 0;
      const replayMs = medianMs(() => {
        read = 0;
        const cursor = recording.cursor();
        while (cursor.next()) read++;
      }, 5);
      recording.close();
      if (read !== events.length) throw new Error(`record bench: read ${read} events of ${events.length}`);
      return {
        record_rows_per_s: Math.round(events.length / (recordMs / 1000)),
        replay_events_per_s: Math.round(events.length / (replayMs / 1000)),
        record_bytes_per_event: Number((bytes / events.length).toFixed(1)),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

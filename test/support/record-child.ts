/**
 * The victim of the recording crash test: records a seeded simulator session (sim-market.ts
 * smallSimSession) as fast as it can, committing a block every <block> events by hand and
 * printing `commit <events so far>` only after each commit has returned, until it is killed.
 *   node --import tsx test/support/record-child.ts <recording file> <seed> <block>
 */
import fs from 'node:fs';
import { Recorder } from '../../electron/core/market/record/recorder';
import { smallSimSession } from './sim-market';

const [file, seed, block] = process.argv.slice(2).map((arg, i) => (i === 0 ? arg : Number(arg))) as [string, number, number];
if (!file || !(seed > 0) || !(block > 0)) throw new Error('usage: record-child <recording file> <seed> <block>');

const { sim, listed, events } = await smallSimSession(seed);
// Commits only by hand: no size or timer flush between them.
const recorder = new Recorder(file, { venue: sim.venue, started: sim.market.time, params: { seed } }, { batchSize: 2 ** 30, flushMs: 2 ** 30 });
for (const { time, instruments } of listed) recorder.listing(time, instruments);
for (let committed = 0; ; ) {
  while (events.length < block) sim.advance(1000);
  for (const event of events.splice(0, block)) recorder.append(event);
  recorder.flush();
  committed += block;
  // Written with writeSync to the pipe: the ack is out of this process before the next block starts.
  fs.writeSync(1, `commit ${committed}\n`);
}

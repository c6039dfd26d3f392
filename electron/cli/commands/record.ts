/**
 * `record`: a session of a venue (the simulator or Deribit) into a recording file, printing one
 * JSON summary line. `replay`: a recording's events as JSON lines, at a speed factor.
 * Both build their venue through venueFor, as the desk does.
 */
import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock';
import { Recorder } from '../../core/market/record/recorder';
import { ReplayVenue } from '../../core/market/record/replay-venue';
import { SimVenue } from '../../core/market/sim/venue';
import { venueFor } from '../../core/market/venue-for';
import { inWords, isOptionVenue, OPTION_VENUE_IDS } from '../../core/market/venue-names';
import { UsageError, type Command } from '../command';
import { writeJson } from '../jsonl';
import { parseTimeFlag } from '../time-flag';

const DEFAULT_COINS: Record<string, string> = { sim: 'BTC,ETH,SOL' };
/** A live venue's default: BTC. */
const LIVE_COINS = 'BTC';
const SOURCES = ['sim', 'deribit', ...OPTION_VENUE_IDS];
/** The sources in words: 'sim, deribit, okx, bybit or binance'. */
const SOURCES_TEXT = inWords(SOURCES);

function parseSpeed(text: string): number {
  if (text === 'max') return Infinity;
  const speed = Number(text);
  if (!(speed > 0)) throw new UsageError(`--speed ${text}: expected a factor > 0, or max`);
  return speed;
}

function parsePositive(flag: string, text: string, integer = false): number {
  const value = Number(text);
  if (!(value > 0 && Number.isFinite(value)) || (integer && !Number.isInteger(value))) throw new UsageError(`${flag} ${text}: expected a ${integer ? 'positive integer' : 'number > 0'}`);
  return value;
}

/** Aborted by SIGINT/SIGTERM, so a session cut short still closes its recording cleanly. */
function interruption(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return { signal: controller.signal, dispose: () => (process.off('SIGINT', abort), process.off('SIGTERM', abort)) };
}

/** Wait `ms`, or less if interrupted. */
async function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch((error: unknown) => {
    if (!signal.aborted) throw error;
  });
}

/** Resolves when interrupted. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

/**
 * Run the simulator `ms` of simulated time, stopping exactly there: at `speed` simulated ms per
 * clock ms, or unpaced (Infinity) a second at a time, yielding so the recorder's batches commit.
 */
async function runSim(venue: SimVenue, ms: number, speed: number, signal: AbortSignal): Promise<void> {
  const { market } = venue;
  const end = market.time + ms;
  const origin = { clock: systemClock.now(), time: market.time };
  while (market.time + market.stepMs <= end && !signal.aborted) {
    if (speed === Infinity) {
      market.advanceTo(Math.min(end, market.time + 1000));
      await new Promise((resolve) => setImmediate(resolve));
    } else {
      market.advanceTo(Math.min(end, origin.time + speed * (systemClock.now() - origin.clock)));
      await waitFor(market.stepMs / speed, signal);
    }
  }
}

export const record: Command = {
  name: 'record',
  summary: `record a session of a venue (${SOURCES_TEXT}) into a recording file`,
  usage:
    `  --venue ${SOURCES.join('|')}  the source\n` +
    '  --seconds N          how long: simulated seconds for sim, wall-clock seconds for a live venue\n' +
    '  --out FILE           the recording to create (never overwritten)\n' +
    '  --underlying LIST    coins, comma-separated (default BTC,ETH,SOL for sim, BTC for a live venue)\n' +
    '  --seed N             sim: the seed (default 1)\n' +
    '  --start TIME         sim: simulated start (ms or ISO 8601; default now)\n' +
    '  --speed X|max        sim: simulated seconds per second (default 1; max: unpaced)\n' +
    '  --url URL            a live venue: another server, e.g. a local venue http://127.0.0.1:PORT\n' +
    '  stdout: {"file","events","rows","bytes","kinds":{"book","ticker","trade","index","venue-status"},"seconds"}',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        venue: { type: 'string' },
        seconds: { type: 'string' },
        out: { type: 'string' },
        underlying: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        speed: { type: 'string' },
        url: { type: 'string' },
      },
      strict: true,
    });
    const spec = values.venue;
    if (spec !== 'sim' && spec !== 'deribit' && !(spec !== undefined && isOptionVenue(spec))) {
      throw new UsageError(`record needs --venue ${SOURCES_TEXT}${spec ? `, not ${spec}` : ''}`);
    }
    if (!values.seconds) throw new UsageError('record needs --seconds N');
    if (!values.out) throw new UsageError('record needs --out FILE');
    if (spec !== 'sim' && (values.seed || values.start || values.speed)) throw new UsageError('--seed, --start and --speed are for --venue sim');
    if (spec === 'sim' && values.url) throw new UsageError('--url is for a live venue');
    const ms = parsePositive('--seconds', values.seconds) * 1000;
    const coins = (values.underlying ?? DEFAULT_COINS[spec] ?? LIVE_COINS).split(',').map((coin) => coin.trim().toUpperCase()).filter(Boolean);
    const seed = values.seed === undefined ? 1 : parsePositive('--seed', values.seed, true);
    const speed = values.speed === undefined ? 1 : parseSpeed(values.speed);
    const start = values.start === undefined ? undefined : parseTimeFlag('--start', values.start);

    // The simulator is built unpaced and paced here, so a session stops at exactly --seconds.
    const venue = venueFor(spec, { clock: systemClock, speed: Infinity, seed, ...(start === undefined ? {} : { start }), ...(values.url ? { url: values.url } : {}) });
    const sim = venue instanceof SimVenue ? venue : undefined;
    const started = sim ? sim.market.time : systemClock.now();
    const params = sim ? { seed, start: started, stepMs: sim.market.stepMs, underlyings: coins, speed: speed === Infinity ? 'max' : speed } : { url: values.url ?? spec, underlyings: coins };
    const { signal, dispose } = interruption();
    let recorder: Recorder | undefined;
    try {
      recorder = new Recorder(values.out, { venue: venue.venue, started, params });
      const names: string[] = [];
      for (const coin of coins) {
        const listed = await venue.instruments(coin);
        if (listed.length === 0) throw new UsageError(`${spec} lists no instruments for ${coin}`);
        recorder.listing(started, listed);
        names.push(...listed.map((l) => l.instrument.name));
      }
      await venue.subscribe(names, recorder.append);
      if (sim) await runSim(sim, ms, speed, signal);
      else await waitFor(ms, signal);
      await venue.close();
      const ended = sim ? sim.market.time : systemClock.now();
      const summary = recorder.close(ended);
      writeJson({ ...summary, seconds: (ended - started) / 1000 });
      return 0;
    } finally {
      dispose();
      await venue.close();
      // Cut short by an error: what was recorded stays a readable file; an empty one goes.
      if (recorder && !recorder.closed && recorder.close(systemClock.now()).events === 0) fs.rmSync(values.out);
    }
  },
};

export const replay: Command = {
  name: 'replay',
  summary: "play a recording's events back as JSON lines",
  usage: '  --file FILE     the recording\n  --speed X|max   recorded seconds per second (default max: as fast as possible)\n  stdout: one event per line, as recorded',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { file: { type: 'string' }, speed: { type: 'string' } }, strict: true });
    if (!values.file) throw new UsageError('replay needs --file FILE');
    const speed = values.speed === undefined ? Infinity : parseSpeed(values.speed);
    let venue: ReplayVenue;
    try {
      venue = venueFor(`replay:${values.file}`, { clock: systemClock, speed });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { signal, dispose } = interruption();
    try {
      await venue.subscribeAll(writeJson);
      await Promise.race([venue.finished, aborted(signal)]);
      return 0;
    } finally {
      dispose();
      await venue.close();
    }
  },
};

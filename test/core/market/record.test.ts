/**
 * Recording and replay in-process, on real files: a seeded simulator session and a session of the
 * real ccxt Deribit adapter against the local venue, each recorded and replayed to the same
 * events in the same order; the speed factor on a manual clock; the file format: blocks given back
 * exactly, version 1 files still read, a killed recorder losing only its open block, the guards.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { DeribitAdapter } from '../../../electron/core/market/deribit/adapter';
import type { MarketEvent } from '../../../electron/core/market/events';
import { decodeEvent, kindCode, PayloadWriter } from '../../../electron/core/market/record/codec';
import { RECORDING_APPLICATION_ID } from '../../../electron/core/market/record/format';
import { Recorder } from '../../../electron/core/market/record/recorder';
import { Recording } from '../../../electron/core/market/record/recording';
import { ReplayVenue } from '../../../electron/core/market/record/replay-venue';
import type { ListedInstrument } from '../../../electron/core/market/venue';
import { Rng } from '../../../electron/core/market/sim/random';
import { SimVenue } from '../../../electron/core/market/sim/venue';
import { CcxtOptionsAdapter } from '../../../electron/core/market/ccxt-options/adapter';
import { venueFor } from '../../../electron/core/market/venue-for';
import { DeribitVenue } from '../../support/deribit-venue/server';
import { FIXTURES_DIR } from '../../support/fixtures';
import { SIM_START, SMALL_LISTING, smallSimSession } from '../../support/sim-market';
import { useTempDirs } from '../../support/temp-dir';
import { runThenKill } from '../../support/kill-child';

const tempDir = useTempDirs();

/** Every event of a replay at full speed, in order. */
async function replayAll(file: string): Promise<MarketEvent[]> {
  const venue = new ReplayVenue({ file, speed: Infinity });
  const events: MarketEvent[] = [];
  await venue.subscribeAll((event) => events.push(event));
  await venue.finished;
  await venue.close();
  return events;
}

/** Every event of a recording through its cursor. */
function cursorEvents(file: string): MarketEvent[] {
  const recording = new Recording(file);
  try {
    const events: MarketEvent[] = [];
    const cursor = recording.cursor();
    for (let event = cursor.next(); event; event = cursor.next()) events.push(event);
    expect(cursor.nextTime()).toBeUndefined();
    return events;
  } finally {
    recording.close();
  }
}

/** A small seeded simulator session (BTC and SOL, one-second steps) recorded to `file`; returns what it sent. */
async function recordSim(file: string, seconds: number, seed = 7) {
  const sim = new SimVenue({ seed, start: SIM_START, stepMs: 1000, listing: SMALL_LISTING });
  const recorder = new Recorder(file, { venue: sim.venue, started: sim.market.time, params: { seed } }, { batchSize: 500 });
  const names: string[] = [];
  for (const coin of ['BTC', 'SOL']) {
    const listed = await sim.instruments(coin);
    recorder.listing(sim.market.time, listed);
    names.push(...listed.map((l) => l.instrument.name));
  }
  const sent: MarketEvent[] = [];
  await sim.subscribe(names, (event) => {
    sent.push(event);
    recorder.append(event);
  });
  sim.advance(seconds * 1000);
  await sim.close();
  const summary = recorder.close(sim.market.time);
  return { sim, sent, summary, names };
}

/** Every kind of event, every optional field present and absent, odd numbers and times. */
const EVERY_KIND: MarketEvent[] = [
  { type: 'book', venue: 'deribit', instrument: 'BTC-29MAY20-10000-C', time: 1, snapshot: false, bids: [[0.0345, 1.5], [-0, 0]], asks: [], seq: 12_345_678_901, prevSeq: 12_345_678_900 },
  { type: 'book', venue: 'sim', instrument: 'BTC-PERPETUAL', time: 2.5, snapshot: true, bids: [], asks: [[Infinity, NaN]] },
  { type: 'ticker', venue: 'sim', instrument: 'BTC-PERPETUAL', time: 3, markPrice: 60_000.123456789, funding8h: -1e-5 },
  { type: 'ticker', venue: 'sim', instrument: 'SOL_USDC-29MAY26-8d6-P', time: 4 },
  { type: 'trade', venue: 'deribit', instrument: 'BTC-29MAY20-10000-C', time: 5, tradeId: 'id-ü-1', price: 0.04, amount: 0.1, takerSide: 'sell', iv: 0.81 },
  { type: 'trade', venue: 'deribit', instrument: 'BTC-29MAY20-10000-C', time: 6, tradeId: '', price: 0.04, amount: 0.1, takerSide: 'buy', indexPrice: 9000 },
  { type: 'index', venue: 'deribit', underlying: 'BTC', time: 7, price: 9123.45 },
  { type: 'venue-status', venue: 'deribit', time: 8, state: 'reconnecting', reason: 'heartbeat timeout' },
  { type: 'venue-status', venue: 'deribit', time: 9, state: 'connected' },
  { type: 'ticker', venue: 'deribit', instrument: 'BTC-29MAY20-10000-C', time: 1_590_000_000_000, markPrice: 0.0345, markIv: 0.81, bidIv: 0.8, askIv: 0.82, bestBid: 0.034, bestBidAmount: 10, bestAsk: 0.035, bestAskAmount: 12.5, underlyingPrice: 9123.45, indexPrice: 9120, funding8h: 1e-4 },
  { type: 'ticker', venue: 'deribit', instrument: 'BTC-29MAY20-10000-C', time: 1_590_000_000_000, markPrice: 0.0345, markIv: 0.81, bidIv: 0.8, askIv: 0.82, bestBid: 0.034, bestBidAmount: 10, bestAsk: 0.035, bestAskAmount: 12.5, underlyingPrice: 9123.45, indexPrice: 9120 },
  // Times a delta cannot carry exactly: fractional, backwards, beyond 2^53.
  { type: 'index', venue: 'sim', underlying: 'SOL', time: 1_590_000_000_000.25, price: 150 },
  { type: 'index', venue: 'sim', underlying: 'SOL', time: 1_589_999_999_000, price: 149.5 },
  { type: 'index', venue: 'sim', underlying: 'SOL', time: 2 ** 60, price: 149 },
  { type: 'trade', venue: 'sim', instrument: 'SOL-PERPETUAL', time: 1_590_000_000_001, tradeId: 't', price: 150.1, amount: 3, takerSide: 'buy' },
];

describe('payload codec', () => {
  it('gives back every field bit for bit, NaN, infinities and -0 included, and absent fields stay absent', () => {
    const events = EVERY_KIND;
    const writer = new PayloadWriter();
    for (const event of events) {
      const name = event.type === 'index' ? event.underlying : event.type === 'venue-status' ? '' : event.instrument;
      const decoded = decodeEvent({ kind: kindCode(event.type), venue: event.venue, name, time: event.time }, Buffer.from(writer.encode(event)));
      expect(decoded).toStrictEqual(event);
    }
  });

  it('gives back any double bit for bit, short decimals in fewer bytes than a float64 (property, 200,000 numbers)', () => {
    const rng = new Rng(20260114);
    const bits = new DataView(new ArrayBuffer(8));
    const draws: (() => number)[] = [
      // Venue-like short decimals: prices, sizes, IVs, change ids.
      () => Math.round(rng.uniform() * 10 ** (1 + Math.floor(rng.uniform() * 8))) / 10 ** Math.floor(rng.uniform() * 11),
      () => -Math.round(rng.uniform() * 1e6) / 1e4,
      // Model output at full precision, and any bit pattern at all (subnormals, NaN payloads, huge).
      () => rng.normal() * 10 ** (rng.uniform() * 20 - 10),
      () => {
        bits.setUint32(0, Math.floor(rng.uniform() * 2 ** 32));
        bits.setUint32(4, Math.floor(rng.uniform() * 2 ** 32));
        return bits.getFloat64(0);
      },
    ];
    const writer = new PayloadWriter();
    let shortBytes = 0;
    let shortCount = 0;
    for (let n = 0; n < 50_000; n++) {
      for (let d = 0; d < draws.length; d++) {
        const price = draws[d]!();
        const payload = writer.encode({ type: 'index', venue: 'sim', underlying: 'BTC', time: 0, price });
        const decoded = decodeEvent({ kind: kindCode('index'), venue: 'sim', name: 'BTC', time: 0 }, Buffer.from(payload)) as { price: number };
        if (!Object.is(decoded.price, price)) expect.fail(`${price} came back as ${decoded.price}`);
        if (d < 2) {
          shortBytes += payload.length;
          shortCount++;
        }
      }
    }
    expect(shortBytes / shortCount).toBeLessThan(6);
  });

  it('refuses a payload longer than its fields', () => {
    const payload = Buffer.concat([new PayloadWriter().encode({ type: 'index', venue: 'sim', underlying: 'BTC', time: 1, price: 1 }), Buffer.alloc(1)]);
    expect(() => decodeEvent({ kind: kindCode('index'), venue: 'sim', name: 'BTC', time: 1 }, payload)).toThrow(/more than its fields/);
  });
});

describe('the recording format', () => {
  it('gives back every kind of event exactly from blocks of a commit each, their seqs and times as columns', () => {
    const file = path.join(tempDir(), 'kinds.sqlite');
    const recorder = new Recorder(file, { venue: 'deribit', started: 0, params: {} }, { batchSize: 4 });
    for (const event of EVERY_KIND) recorder.append(event);
    expect(recorder.close(2 ** 60)).toMatchObject({ events: EVERY_KIND.length, rows: EVERY_KIND.length });
    expect(cursorEvents(file)).toStrictEqual(EVERY_KIND);
    const recording = new Recording(file);
    expect(recording.lastEventTime()).toBe(1_590_000_000_001);
    expect(recording.instrumentNames().sort()).toEqual(['BTC-29MAY20-10000-C', 'BTC-PERPETUAL', 'SOL-PERPETUAL', 'SOL_USDC-29MAY26-8d6-P']);
    recording.close();
    const db = new Database(file, { readonly: true });
    const blocks = db.prepare('SELECT first_seq, last_seq, first_ms, last_ms FROM blocks ORDER BY first_seq').raw().all();
    expect([db.pragma('user_version', { simple: true }), blocks]).toEqual([
      2,
      Array.from({ length: Math.ceil(EVERY_KIND.length / 4) }, (_, b) => 4 * b).map((at) => [at + 1, Math.min(at + 4, EVERY_KIND.length), EVERY_KIND[at]!.time, EVERY_KIND[Math.min(at + 4, EVERY_KIND.length) - 1]!.time]),
    ]);
    db.close();
  });

  it('a reusing cursor hands out the same events, an instrument\'s books and option tickers decoded into the same few objects; nextTime decodes nothing ahead', async () => {
    const file = path.join(tempDir(), 'reuse.sqlite');
    const { sent } = await recordSim(file, 20);
    const mixed = path.join(tempDir(), 'reuse-kinds.sqlite');
    const recorder = new Recorder(mixed, { venue: 'deribit', started: 0, params: {} }, { batchSize: 4 });
    // Every kind twice over, as far apart as blocks go: fields absent in one are not left over from another.
    const twice = [...EVERY_KIND, ...EVERY_KIND.map((event) => ({ ...event, time: 2 ** 61 }))];
    for (const event of twice) recorder.append(event);
    recorder.close(2 ** 62);
    for (const [source, expected] of [[file, sent], [mixed, twice]] as const) {
      const recording = new Recording(source);
      const cursor = recording.cursor({ reuseEvents: true });
      const handed: MarketEvent[] = [];
      const objects = new Map<string, Set<MarketEvent>>();
      for (let time = cursor.nextTime(); time !== undefined; time = cursor.nextTime()) {
        const held = handed.at(-1);
        const before = held && structuredClone(held);
        expect(cursor.nextTime()).toBe(time); // a second look reads nothing more
        if (held) expect(held).toStrictEqual(before); // and the event handed out before is untouched by it
        const event = cursor.next()!;
        expect(event.time).toBe(time);
        handed.push(structuredClone(event));
        if (event.type === 'book' || (event.type === 'ticker' && event.funding8h === undefined)) {
          const key = `${event.type} ${event.instrument}`;
          objects.set(key, (objects.get(key) ?? new Set()).add(event));
        }
      }
      recording.close();
      expect(handed).toStrictEqual(expected);
      // The simulator's books and option tickers: a handful of objects per instrument and kind for 20 s of events (a ticker of another shape is a new one).
      const sizes = [...objects.values()].map((set) => set.size);
      if (source === file) expect([Math.max(...sizes), handed.length > 10 * sizes.reduce((sum, size) => sum + size, 0)]).toStrictEqual([2, true]);
    }
  });

  it('still reads a version 1 file: one row per event', async () => {
    const { sim, listed, events } = await smallSimSession(3);
    sim.advance(60_000);
    await sim.close();
    expect(events.length).toBeGreaterThan(2 * 2048); // several of its pages
    const file = path.join(tempDir(), 'v1.sqlite');
    writeVersion1(file, SIM_START, listed, events);
    expect(cursorEvents(file)).toStrictEqual(events);
    expect(await replayAll(file)).toEqual(events);
    const recording = new Recording(file);
    expect(recording.lastEventTime()).toBe(events.at(-1)!.time);
    expect(recording.instrumentNames().sort()).toEqual(listed.flatMap((l) => l.instruments.map((i) => i.instrument.name)).sort());
    recording.close();
    const replay = new ReplayVenue({ file });
    expect(await replay.instruments('SOL')).toEqual(listed[1]!.instruments);
    await replay.close();
  });

  it('loses only the block being written when the recorder is killed: every acknowledged commit is there, whole', async () => {
    const block = 500;
    const reference = await smallSimSession(9);
    for (const delayMs of [0, 150, 400]) {
      const file = path.join(tempDir(), 'killed.sqlite');
      const acked = await recordThenKill(file, 9, block, delayMs);
      const events = cursorEvents(file);
      // The kill may land after a commit and before its ack: at most one block more than acknowledged.
      expect(events.length % block).toBe(0);
      expect(events.length).toBeGreaterThanOrEqual(acked);
      expect(events.length).toBeLessThanOrEqual(acked + block);
      while (reference.events.length < events.length) reference.sim.advance(1000);
      expect(events).toEqual(reference.events.slice(0, events.length));
      const recording = new Recording(file);
      expect([recording.integrityCheck(), recording.info.ended]).toEqual(['ok', undefined]);
      recording.close();
    }
    await reference.sim.close();
  }, 120_000);
});

/** A version 1 recording of `events`, written with that version's schema (format.ts header). */
function writeVersion1(file: string, started: number, listed: { time: number; instruments: ListedInstrument[] }[], events: readonly MarketEvent[]): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE header (id INTEGER PRIMARY KEY CHECK (id = 1), venue TEXT NOT NULL, started_ms INTEGER NOT NULL, ended_ms INTEGER, params TEXT NOT NULL, desk_version TEXT NOT NULL);
    CREATE TABLE venues (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE instruments (id INTEGER PRIMARY KEY, name TEXT NOT NULL, is_index INTEGER NOT NULL CHECK (is_index IN (0, 1)), UNIQUE (name, is_index));
    CREATE TABLE listings (time_ms INTEGER NOT NULL, instrument INTEGER NOT NULL REFERENCES instruments (id), contract_size REAL, min_trade_amount REAL, tick_size REAL, PRIMARY KEY (time_ms, instrument));
    CREATE TABLE events (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, kind INTEGER NOT NULL, venue INTEGER NOT NULL REFERENCES venues (id), instrument INTEGER REFERENCES instruments (id), payload BLOB NOT NULL);
  `);
  db.pragma(`application_id = ${RECORDING_APPLICATION_ID}`);
  db.pragma('user_version = 1');
  const ids = new Map<string, number>();
  const id = (name: string, isIndex: 0 | 1) => {
    const key = `${isIndex}:${name}`;
    if (!ids.has(key)) {
      db.prepare('INSERT INTO instruments (id, name, is_index) VALUES (?, ?, ?)').run(ids.size, name, isIndex);
      ids.set(key, ids.size);
    }
    return ids.get(key)!;
  };
  const writer = new PayloadWriter();
  db.transaction(() => {
    db.prepare("INSERT INTO header VALUES (1, 'sim', ?, NULL, '{}', '0.1.0')").run(started);
    db.prepare("INSERT INTO venues VALUES (0, 'sim')").run();
    for (const { time, instruments } of listed) {
      for (const l of instruments) db.prepare('INSERT INTO listings VALUES (?, ?, ?, ?, ?)').run(time, id(l.instrument.name, 0), l.contractSize, l.minTradeAmount, l.tickSize);
    }
    const insert = db.prepare('INSERT INTO events (time_ms, kind, venue, instrument, payload) VALUES (?, ?, 0, ?, ?)');
    for (const e of events) {
      const instrument = e.type === 'index' ? id(e.underlying, 1) : e.type === 'venue-status' ? null : id(e.instrument, 0);
      insert.run(e.time, kindCode(e.type), instrument, writer.encode(e));
    }
  })();
  db.close();
}

/** Run the recording child, SIGKILL it `delayMs` after its first ack, and return the events it acknowledged as committed. */
async function recordThenKill(file: string, seed: number, block: number, delayMs: number): Promise<number> {
  const acks = await runThenKill('record-child.ts', [file, String(seed), String(block)], delayMs);
  return Number(acks.at(-1)!.replace(/^commit /, ''));
}

describe('recording a simulator session', () => {
  it('replays the same events in the same order', async () => {
    const file = path.join(tempDir(), 'sim.sqlite');
    const { sent, summary } = await recordSim(file, 30);
    expect(sent.length).toBeGreaterThan(1000);
    expect(new Set(sent.map((e) => e.type))).toEqual(new Set(['venue-status', 'book', 'ticker', 'trade', 'index']));
    expect(summary).toMatchObject({ events: sent.length, rows: sent.length });
    expect(await replayAll(file)).toEqual(sent);
  });

  it('answers instruments() from the recorded listing and optionChain() from the recorded tickers at the replay time', async () => {
    const file = path.join(tempDir(), 'sim.sqlite');
    const { sim } = await recordSim(file, 20);
    const replay = new ReplayVenue({ file, speed: Infinity });
    try {
      expect(await replay.instruments('SOL')).toEqual(await sim.instruments('SOL'));
      await replay.subscribeAll(() => {});
      await replay.finished;
      expect(replay.replayTime()).toBe(sim.market.time);
      const byName = (a: { instrument: string }, b: { instrument: string }) => a.instrument.localeCompare(b.instrument);
      // The simulator's own chain at the end of the session, from its arrays, not from events.
      expect((await replay.optionChain('BTC')).sort(byName)).toEqual((await sim.optionChain('BTC')).sort(byName));
    } finally {
      await replay.close();
    }
  });

  it('sends an instrument subscription only that instrument, its coin index and the venue status', async () => {
    const file = path.join(tempDir(), 'sim.sqlite');
    const { sent, names } = await recordSim(file, 10);
    const instrument = names.find((name) => name.startsWith('SOL') && !name.includes('PERPETUAL'))!;
    const replay = new ReplayVenue({ file, speed: Infinity });
    const got: MarketEvent[] = [];
    await replay.subscribe([instrument], (event) => got.push(event));
    await replay.finished;
    await replay.close();
    const wanted = sent.filter((e) => e.type === 'venue-status' || (e.type === 'index' ? e.underlying === 'SOL' : e.instrument === instrument));
    expect(got).toEqual(wanted);
    await expect(new ReplayVenue({ file }).subscribe(['BTC-1JAN30-1000-C'], () => {})).rejects.toThrow(/no events recorded for BTC-1JAN30-1000-C/);
  });
});

describe('replay speed', () => {
  it('keeps recording time at start + speed x clock time on an injected clock', async () => {
    const file = path.join(tempDir(), 'sim.sqlite');
    const { sent } = await recordSim(file, 20);
    const clock = new ManualClock(1_000_000);
    const replay = venueFor(`replay:${file}`, { clock, speed: 4 });
    const got: MarketEvent[] = [];
    try {
      await replay.subscribeAll((event) => got.push(event));
      const dueBy = (time: number) => sent.filter((e) => e.time <= time).length;
      // Subscribing sends what is due at the start: the snapshot at SIM_START.
      expect(got.length).toBe(dueBy(SIM_START));
      for (const clockMs of [250, 1000, 1000, 2500]) {
        clock.advance(clockMs);
        replay.catchUp();
        expect(replay.replayTime()).toBe(SIM_START + 4 * (clock.now() - 1_000_000));
        expect(got.length).toBe(dueBy(replay.replayTime()));
      }
      expect(got).toEqual(sent.slice(0, got.length));
      clock.advance(5000); // 20 s of recording at 4x
      replay.catchUp();
      expect(got).toEqual(sent);
      await replay.finished;
    } finally {
      await replay.close();
    }
  });
});

describe('recording Deribit through the ccxt adapter', () => {
  it('replays what the real client received from the local venue, in order', async () => {
    const venue = await DeribitVenue.start({ chainFile: path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv') });
    const file = path.join(tempDir(), 'deribit.sqlite');
    const adapter = new DeribitAdapter({ urls: { rest: venue.restUrl, ws: venue.wsUrl }, instrumentsIntervalMs: 50, backoff: { baseMs: 10, maxMs: 80 } });
    try {
      // The local venue's clock runs from the fixture's day (2020), so its options are live then.
      const recorder = new Recorder(file, { venue: adapter.venue, started: venue.now(), params: { url: venue.restUrl } });
      const listed = await adapter.instruments('BTC');
      recorder.listing(venue.now(), listed);
      const names = listed.map((l) => l.instrument.name);
      const sent: MarketEvent[] = [];
      await adapter.subscribe(names, (event) => {
        sent.push(event);
        recorder.append(event);
      });
      const [first, second] = names as [string, string];
      await vi.waitFor(() => expect(new Set(sent.filter((e) => e.type === 'book').map((e) => e.type === 'book' && e.instrument))).toEqual(new Set(names)), { timeout: 10_000 });
      await vi.waitFor(() => expect(sent.some((e) => e.type === 'index')).toBe(true), { timeout: 10_000 });
      const ask = venue.book(first).asks[0]!;
      venue.changeBook(first, { asks: [[ask[0], ask[1] + 1]] });
      venue.trade(second, { price: 0.05, amount: 0.3, direction: 'sell' });
      venue.setIndex(9321.5);
      venue.dropConnections(); // a reconnection and fresh snapshots are recorded too
      await vi.waitFor(() => expect(sent.some((e) => e.type === 'venue-status' && e.state === 'reconnecting')).toBe(true), { timeout: 10_000 });
      await vi.waitFor(() => expect([...venue.subscriptions().values()].flat()).toContain(`trades.${first}.100ms`), { timeout: 10_000 });
      venue.trade(first, { price: 0.06, amount: 1, direction: 'buy' });
      await vi.waitFor(() => expect(sent.filter((e) => e.type === 'trade')).toHaveLength(2), { timeout: 10_000 });
      await adapter.close();
      expect(new Set(sent.map((e) => e.type))).toEqual(new Set(['venue-status', 'book', 'ticker', 'trade', 'index']));
      expect(recorder.close(venue.now())).toMatchObject({ events: sent.length, rows: sent.length });

      expect(await replayAll(file)).toEqual(sent);
      const replay = new ReplayVenue({ file });
      expect(await replay.instruments('BTC')).toEqual(listed);
      await replay.close();
    } finally {
      await adapter.close();
      await venue.close();
    }
  });
});

describe('venueFor', () => {
  it('builds each source from its spec and refuses the rest', async () => {
    const clock = new ManualClock(SIM_START);
    const sim = venueFor('sim', { clock, seed: 3 });
    expect(sim).toBeInstanceOf(SimVenue);
    expect([sim.venue, sim.market.time]).toEqual(['sim', SIM_START]);
    const deribit = venueFor('deribit', { url: 'http://127.0.0.1:9' });
    expect(deribit).toBeInstanceOf(DeribitAdapter);
    await deribit.close();
    for (const id of ['okx', 'bybit', 'binance']) {
      const options = venueFor(id, { url: 'http://127.0.0.1:9' });
      expect([options, options.venue]).toEqual([expect.any(CcxtOptionsAdapter), id]);
      await options.close();
    }
    const file = path.join(tempDir(), 'sim.sqlite');
    await recordSim(file, 1);
    const replay = venueFor(`replay:${file}`, { speed: Infinity });
    expect(replay.venue).toBe(`replay:${file}`);
    await replay.close();
    expect(() => venueFor('kraken')).toThrow(/unknown venue 'kraken' \(expected sim \| deribit \| okx \| bybit \| binance \| replay:<file>\)/);
    expect(() => venueFor('replay:')).toThrow(/unknown venue/);
    expect(() => venueFor('sim', { url: 'http://127.0.0.1:9' })).toThrow(/a url is for a ccxt venue/);
    expect(() => venueFor('deribit', { url: 'ftp://x' })).toThrow(/expected http/);
    expect(() => venueFor('okx', { url: 'not a url' })).toThrow(/okx url not a url: not a URL/);
    expect(() => venueFor('sim', { speed: 0 })).toThrow(/speed must be > 0/);
  });
});

describe('the recording file', () => {
  it('refuses a file from a newer format, a file that is not a recording, and overwriting', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sim.sqlite');
    await recordSim(file, 1);
    const db = new Database(file);
    db.pragma('user_version = 3');
    db.close();
    expect(() => new ReplayVenue({ file })).toThrow(/format version 3 is newer than this desk reads \(2\); upgrade the desk/);

    const other = path.join(dir, 'other.sqlite');
    new Database(other).exec('CREATE TABLE t (x)');
    expect(() => new Recording(other)).toThrow(/not a desk recording/);
    expect(() => new Recorder(file, { venue: 'sim', started: 0, params: {} })).toThrow(/already exists/);
  });

  it('keeps the header: venue, start, end, params and the desk version', async () => {
    const file = path.join(tempDir(), 'sessions', 'sim.sqlite'); // its directory made on the way
    const { sim } = await recordSim(file, 3, 11);
    const recording = new Recording(file);
    expect(recording.info).toEqual({ venue: 'sim', started: SIM_START, ended: sim.market.time, params: { seed: 11 }, deskVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(recording.integrityCheck()).toBe('ok');
    recording.close();
  });
});

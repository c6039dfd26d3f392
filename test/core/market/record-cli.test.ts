/**
 * `desk record` and `desk replay` as real processes: a seeded simulator session recorded unpaced
 * and paced gives the same events, and replays line for line; a Deribit session through the real ccxt
 * client against the local venue, ended by SIGINT, keeps what the venue sent; a recorder killed
 * with SIGKILL leaves a sound, readable file; an OKX session through ccxt's unified options API
 * against the local OKX records books and IV tickers under the desk's names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { MarketEvent } from '../../../electron/core/market/events';
import { Recording } from '../../../electron/core/market/record/recording';
import { runDesk, startDesk } from '../../support/desk-cli';
import { DeribitVenue } from '../../support/deribit-venue/server';
import { FIXTURES_DIR } from '../../support/fixtures';
import { OkxVenue } from '../../support/okx-venue/server';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

/** Every event of a recording, read directly (not through the replay venue). */
function eventsOf(file: string): MarketEvent[] {
  const recording = new Recording(file);
  try {
    const events: MarketEvent[] = [];
    const cursor = recording.cursor();
    for (let event = cursor.next(); event; event = cursor.next()) events.push(event);
    return events;
  } finally {
    recording.close();
  }
}

/** How many events a recording being written holds so far (0 before its first commit). */
function rowsSoFar(file: string): number {
  if (!fs.existsSync(file)) return 0;
  try {
    return eventsOf(file).length;
  } catch {
    return 0; // the schema is not committed yet
  }
}

/** Each test starts processes that each load tsx and the desk (seconds apiece on a busy machine). */
const PROCESS_TIMEOUT = 120_000;

const SIM_ARGS = ['--venue', 'sim', '--underlying', 'SOL', '--seconds', '3', '--seed', '5', '--start', '2026-01-14T12:00:00Z'];

describe('desk record and replay', () => {
  it('records a seeded simulator session the same way unpaced and paced, and replays it line for line', async () => {
    const dir = tempDir();
    const [first, second] = [path.join(dir, 'a.sqlite'), path.join(dir, 'b.sqlite')];
    const [a, b] = await Promise.all([
      startDesk(['record', ...SIM_ARGS, '--speed', 'max', '--out', first]).exited,
      startDesk(['record', ...SIM_ARGS, '--speed', '10', '--out', second]).exited,
    ]);
    expect([a.code, a.stderr, b.code, b.stderr]).toEqual([0, '', 0, '']);
    expect(b.json()).toEqual([expect.objectContaining({ seconds: 3 })]);
    const [summary] = a.json();
    const events = eventsOf(first);
    expect(summary).toMatchObject({ file: first, events: events.length, rows: events.length, bytes: fs.statSync(first).size, seconds: 3 });
    expect(Object.values(summary.kinds as Record<string, number>).reduce((sum, n) => sum + n, 0)).toBe(events.length);
    expect(summary.kinds.book).toBeGreaterThan(0);
    expect(summary.kinds.ticker).toBeGreaterThan(0);
    expect(eventsOf(second)).toEqual(events);

    const replayed = runDesk(['replay', '--file', first]);
    expect([replayed.code, replayed.stderr]).toEqual([0, '']);
    expect(replayed.json()).toEqual(JSON.parse(JSON.stringify(events)));
  }, PROCESS_TIMEOUT);

  it('records Deribit through the ccxt client from a local venue until interrupted', async () => {
    const venue = await DeribitVenue.start({ chainFile: path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv') });
    const file = path.join(tempDir(), 'deribit.sqlite');
    try {
      const recorder = startDesk(['record', '--venue', 'deribit', '--url', venue.restUrl, '--seconds', '600', '--out', file]);
      const option = venue.instrumentNames()[0]!;
      await vi.waitFor(() => expect([...venue.subscriptions().values()].flat()).toContain(`trades.${option}.100ms`), { timeout: 60_000, interval: 50 });
      venue.trade(option, { price: 0.0425, amount: 2, direction: 'sell' });
      const booksOf = (events: MarketEvent[]) => new Set(events.flatMap((e) => (e.type === 'book' ? [e.instrument] : [])));
      await vi.waitFor(
        () => {
          const events = eventsOf(file);
          expect(events.some((e) => e.type === 'trade')).toBe(true);
          expect(booksOf(events)).toEqual(new Set(venue.instrumentNames()));
        },
        { timeout: 60_000, interval: 100 },
      );
      recorder.child.kill('SIGINT');
      const result = await recorder.exited;
      expect([result.code, result.stderr]).toEqual([0, '']);
      const events = eventsOf(file);
      expect(result.json()).toEqual([expect.objectContaining({ events: events.length, rows: events.length })]);
      expect(events.filter((e) => e.type === 'trade')).toEqual([expect.objectContaining({ venue: 'deribit', instrument: option, price: 0.0425, amount: 2, takerSide: 'sell' })]);
      expect(events.at(-1)).toMatchObject({ type: 'venue-status', state: 'disconnected', reason: 'closed' });
      const recording = new Recording(file);
      expect(recording.info).toMatchObject({ venue: 'deribit', params: { url: venue.restUrl, underlyings: ['BTC'] } });
      recording.close();
    } finally {
      await venue.close();
    }
  }, PROCESS_TIMEOUT);

  it('records OKX options through the ccxt client from a local OKX, in the desk names and units', async () => {
    const venue = await OkxVenue.start({ chainFile: path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv') });
    const file = path.join(tempDir(), 'okx.sqlite');
    try {
      const recorder = startDesk(['record', '--venue', 'okx', '--url', venue.url, '--seconds', '600', '--out', file]);
      await vi.waitFor(
        () => {
          const events = eventsOf(file);
          expect(new Set(events.flatMap((e) => (e.type === 'book' ? [e.instrument] : [])))).toEqual(new Set(venue.instrumentNames()));
          expect(events.some((e) => e.type === 'ticker')).toBe(true);
        },
        { timeout: 60_000, interval: 100 },
      );
      recorder.child.kill('SIGINT');
      const result = await recorder.exited;
      expect([result.code, result.stderr]).toEqual([0, '']);
      const events = eventsOf(file);
      const option = venue.instrumentNames()[0]!;
      const fixture = venue.fixture(option);
      const ticker = events.find((e) => e.type === 'ticker' && e.instrument === option);
      expect(ticker).toMatchObject({ venue: 'okx', markIv: fixture.mark_iv / 100, underlyingPrice: fixture.underlying_price });
      const recording = new Recording(file);
      expect(recording.info).toMatchObject({ venue: 'okx', params: { url: venue.url, underlyings: ['BTC'] } });
      recording.close();
    } finally {
      await venue.close();
    }
  }, PROCESS_TIMEOUT);

  it('leaves a sound, readable file when the recorder is killed mid-session', async () => {
    const file = path.join(tempDir(), 'killed.sqlite');
    const recorder = startDesk(['record', '--venue', 'sim', '--underlying', 'SOL', '--seconds', '100000', '--speed', 'max', '--out', file]);
    await vi.waitFor(() => expect(rowsSoFar(file)).toBeGreaterThan(10_000), { timeout: 60_000, interval: 100 });
    recorder.child.kill('SIGKILL');
    expect(await recorder.exited).toMatchObject({ code: null, signal: 'SIGKILL', stdout: '' });

    const recording = new Recording(file);
    expect(recording.integrityCheck()).toBe('ok');
    expect(recording.info.ended).toBeUndefined();
    recording.close();
    const events = eventsOf(file);
    expect(events.length).toBeGreaterThan(10_000);
    // Whole batches only: the session is cut between events, each event complete.
    expect(events[0]).toMatchObject({ type: 'venue-status', state: 'connected' });
    const replayed = runDesk(['replay', '--file', file]);
    expect([replayed.code, replayed.stdout.split('\n').filter(Boolean).length]).toEqual([0, events.length]);
  }, PROCESS_TIMEOUT);

  it('refuses bad flags and files with a clear error', async () => {
    const dir = tempDir();
    expect(runDesk(['record', '--venue', 'kraken', '--seconds', '1', '--out', path.join(dir, 'x')])).toMatchObject({ code: 2, stderr: expect.stringContaining('--venue sim, deribit, okx, bybit or binance, not kraken') });
    expect(runDesk(['record', '--venue', 'sim', '--seconds', '0', '--out', path.join(dir, 'x')])).toMatchObject({ code: 2, stderr: expect.stringContaining('--seconds 0') });
    expect(runDesk(['record', '--venue', 'sim', '--underlying', 'XRP', '--seconds', '1', '--out', path.join(dir, 'xrp')])).toMatchObject({ code: 1, stderr: expect.stringContaining('no coin XRP') });
    expect(fs.existsSync(path.join(dir, 'xrp'))).toBe(false); // a session that recorded nothing leaves no file
    expect(runDesk(['replay', '--file', path.join(dir, 'missing.sqlite')])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    fs.writeFileSync(path.join(dir, 'text.sqlite'), 'not a database at all, just text that is long enough to be read');
    expect(runDesk(['replay', '--file', path.join(dir, 'text.sqlite')])).toMatchObject({ code: 2, stderr: expect.stringContaining('not a desk recording') });
  }, PROCESS_TIMEOUT);
});

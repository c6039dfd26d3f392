/**
 * Fuzzing every contract channel, through dispatch and through the browser host's HTTP and
 * WebSocket with the token: random and malformed payloads never crash anything, always get a
 * clear validation error, and never write a row.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../../../electron/browser-host/protocol';
import { startBrowserHost } from '../../../electron/browser-host/server';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk, type Desk } from '../../../electron/core/desk';
import { DATABASE_FILE } from '../../../electron/core/store/database';
import { INVOKE_CHANNELS, invokeChannels, type InvokeChannel } from '../../../shared/contract/channels';
import { DeskError, type Outcome } from '../../../shared/contract/schemas';
import { parseInstrument } from '../../../shared/domain/instrument';
import { junk, mutate, seededRandom } from '../../support/junk';
import { rowCounts } from '../../support/seeded-store';
import { useTempDirs } from '../../support/temp-dir';
import { HEADER, row } from '../../support/trade-logs';

const tempDir = useTempDirs();
const CASES_PER_CHANNEL = 400;

/** A valid request per channel, the starting point of the mutations. */
const VALID: { [C in InvokeChannel]: Record<string, unknown> } = {
  'desk.status': {},
  'fills.add': { instrument: 'BTC-27DEC24-60000-C', side: 'buy', size: 1, price: 0.05, fee: 0.0003, time: 1_700_000_000_000, venue: 'deribit', source: 'manual', note: 'n' },
  'fills.list': { limit: 10 },
  'fills.markouts': { limit: 10, from: 0 },
  'history.at': { time: 1_700_000_000_000 },
  'positions.list': {},
  'book.view': {},
  'risk.stress': {},
  'premium.settings': {},
  'backtest.start': { seed: 1, hours: 0.01, strategy: 'symmetric', hedge: false, riskAversionScale: 2 },
  'backtest.cancel': { id: 1 },
  'backtest.list': { limit: 5 },
  'backtest.recordings': {},
  'backtest.report': { ids: [1] },
  'backtest.path': { id: 1 },
  'premium.update': { riskAversion: 3e-6, unwindHours: 12, limits: { BTC: { vega: 50_000 } } },
  'premium.skew': { bucket: 'BTC 7-30d', skewVolPts: 1.5 },
  'store.backup': {},
  'market.status': {},
  'surface.latest': {},
  'market.scenario': { kind: 'flash-crash', base: 'BTC' },
  'quotes.board': { underlying: 'BTC', settlement: 'inverse', size: 1 },
  'quotes.watch': { board: { underlying: 'BTC', settlement: 'inverse', size: 1, expiry: 'nearest' }, replaces: 1 },
  'quotes.breakdown': { instrument: 'BTC-27DEC24-60000-C' },
  'hedges.suggest': {},
  'hedges.accept': { suggestionId: 1, size: 1, price: 60_000, fee: 0.5, venue: 'deribit', note: 'n' },
  'hedges.dismiss': { suggestionId: 1, reason: 'r' },
  'hedges.recent': { limit: 5 },
  'fills.import': {
    format: 'deribit',
    csv: `${HEADER}\n${row({ id: 1, seq: 1, date: '01/11/24 10:00:00', instrument: 'BTC-27DEC24-60000-C', side: 'open buy', amount: '1', price: '0.05', fee: '0.0003', trade: 'fz1' })}\n`,
  },
  'fills.importVenue': { venue: 'deribit', since: 0 },
  'venues.keys': {},
  'venues.setKeys': { venue: 'deribit', clientId: 'id', clientSecret: 'secret' },
  'history.inventory': { from: 1_700_000_000_000, to: 1_700_000_060_000, points: 100, series: ['deltaUsd', 'netPnl'] },
};

function openDesk(): { desk: Desk; counts: () => Record<string, number>; close: () => void } {
  const dataDir = tempDir();
  const desk = createDesk({ dataDir, clock: new ManualClock(Date.UTC(2024, 10, 1)), config: { hostMode: 'browser' } });
  desk.handlers['fills.add']({ ...VALID['fills.add'], venueTradeId: 'seed' } as never); // positions and fills not empty
  desk.premiumParams.current(Date.UTC(2024, 10, 1)); // the defaults stored as version 1, as the first reader would
  const reader = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  return {
    desk,
    counts: () => rowCounts(reader),
    close: () => {
      reader.close();
      desk.close();
    },
  };
}

/** What every answer must be, and what a rejection must leave behind. */
function checkOutcome(channel: string, outcome: Outcome<unknown>, before: Record<string, number>, after: Record<string, number>): boolean {
  if (!outcome.ok) {
    const error = DeskError.parse(outcome.error);
    // Never internal or storage; the browser host refuses to store or use keys whatever the request.
    const expected = channel.startsWith('venues.') || channel === 'fills.importVenue' ? ['invalid_request', 'refused'] : ['invalid_request', 'unknown_channel'];
    expect(expected, `${channel}: ${error.message}`).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(0);
    expect(after, `${channel} wrote on a rejected call`).toEqual(before);
    return false;
  }
  const channelSchema = invokeChannels[channel as InvokeChannel];
  expect(channelSchema.response.safeParse(outcome.value).success, channel).toBe(true);
  if (channel === 'fills.add') {
    // Whatever got through is a fill a desk can carry: a real instrument, finite positive size.
    const fill = outcome.value as { instrument: string; size: number; price: number; fee: number };
    expect(() => parseInstrument(fill.instrument)).not.toThrow();
    expect(fill.size > 0 && Number.isFinite(fill.size) && fill.price >= 0 && Number.isFinite(fill.price) && Number.isFinite(fill.fee)).toBe(true);
    expect(after.fills).toBe(before.fills! + 1);
  } else if (channel === 'fills.import') {
    // What got through was a whole valid file: its new fills are stored, nothing else is touched.
    const { added } = outcome.value as { added: number };
    expect(after.fills).toBe(before.fills! + added);
    expect({ ...after, fills: 0, positions: 0 }).toEqual({ ...before, fills: 0, positions: 0 });
  } else if (channel === 'backtest.start') {
    // A backtest that got through is one run stored (its thread is the desk's to finish or stop).
    expect(after).toEqual({ ...before, backtest_runs: before.backtest_runs! + 1 });
  } else if (channel === 'premium.update' || channel === 'premium.skew') {
    // A setting that got through is one new, checked parameter version and nothing else.
    expect(after).toEqual({ ...before, premium_params: before.premium_params! + 1 });
  } else {
    expect(after, `${channel} is read-only`).toEqual(before);
  }
  return true;
}

describe('fuzzing the contract through dispatch', () => {
  it.each(INVOKE_CHANNELS)('%s: random and mutated payloads get a clear error and write nothing', async (channel) => {
    const { desk, counts, close } = openDesk();
    const random = seededRandom(channel.length * 7919);
    let rejected = 0;
    for (let i = 0; i < CASES_PER_CHANNEL; i++) {
      const payload = i % 2 ? junk(random) : mutate(random, VALID[channel]);
      const before = counts();
      const outcome = await dispatch(desk.handlers, channel, payload);
      if (!checkOutcome(channel, outcome, before, counts())) rejected += 1;
    }
    expect(rejected).toBeGreaterThan(CASES_PER_CHANNEL * 0.6); // the fuzz mostly exercises refusals
    close();
  });

  it('refuses channels outside the contract, whatever they are', async () => {
    const { desk, counts, close } = openDesk();
    const random = seededRandom(3);
    const before = counts();
    for (let i = 0; i < 300; i++) {
      // Junk, or a real channel's name with junk after a space (near misses: prefix matching would pass them).
      const channel = i % 3 ? junk(random) : `${INVOKE_CHANNELS[i % INVOKE_CHANNELS.length]} ${String(junk(random))}`;
      const outcome = await dispatch(desk.handlers, channel, VALID['fills.add']);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(counts()).toEqual(before);
    close();
  });
});

describe('fuzzing the browser host', () => {
  async function startHost() {
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
    const opened = openDesk();
    const host = await startBrowserHost({ desk: opened.desk, rendererDir });
    const origin = `http://127.0.0.1:${host.port}`;
    return { ...opened, host, origin };
  }

  function connect(url: string, origin: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  it('answers every WebSocket frame, random or malformed, and stays up with nothing written', async () => {
    const { host, origin, counts, close } = await startHost();
    const socket = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, origin);
    const answers: Record<string, unknown>[] = [];
    socket.on('message', (data) => answers.push(JSON.parse(data.toString())));
    const random = seededRandom(77);
    const before = counts();
    const sent: { kind: 'call' | 'garbage'; channel?: string }[] = [];
    for (let i = 0; i < 600; i++) {
      const channel = INVOKE_CHANNELS[i % INVOKE_CHANNELS.length]!;
      const roll = random();
      if (roll < 0.15) {
        // Random bytes as a binary frame (random bytes as a text frame are invalid UTF-8, which ws itself answers with close 1007).
        socket.send(Buffer.from(Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256))), { binary: true });
        sent.push({ kind: 'garbage' });
      } else if (roll < 0.3) {
        socket.send(JSON.stringify(junk(random)) ?? 'undefined');
        sent.push({ kind: 'garbage' });
      } else {
        // A well-formed frame carrying a malformed payload: only the payload check may refuse it.
        const payload = channel === 'fills.add' ? { ...VALID['fills.add'], size: junk(random) } : { [`x${i}`]: junk(random) ?? 0 }; // an undefined value would vanish from the JSON
        if (channel === 'fills.add' && typeof payload.size === 'number' && payload.size > 0 && Number.isFinite(payload.size)) payload.size = -1;
        socket.send(JSON.stringify({ id: i, channel, payload }));
        sent.push({ kind: 'call', channel });
      }
    }
    await expect.poll(() => answers.length, { timeout: 20_000 }).toBe(sent.length);
    for (const answer of answers) {
      if ('outcome' in answer) {
        const outcome = answer.outcome as Outcome<unknown>;
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.error.code).toBe('invalid_request');
      } else {
        // Garbage that is no frame at all: a protocol error; or a text frame that happened to parse as one.
        expect(answer).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/malformed frame|binary/) } });
      }
    }
    expect(answers.filter((answer) => 'outcome' in answer)).toHaveLength(sent.filter((s) => s.kind === 'call').length);
    expect(counts()).toEqual(before);

    // An oversized frame closes that socket (1009), not the host: a new socket still works.
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
    const again = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, origin);
    const status = new Promise<Record<string, unknown>>((resolve) => again.once('message', (data) => resolve(JSON.parse(data.toString()))));
    again.send(JSON.stringify({ id: 1, channel: 'desk.status', payload: {} }));
    expect(await status).toMatchObject({ id: 1, outcome: { ok: true } });
    again.close();
    await host.close();
    close();
  });

  it('answers random HTTP requests with or without the token, never with a server error', async () => {
    const { host, counts, close } = await startHost();
    const random = seededRandom(11);
    const before = counts();
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
    for (let i = 0; i < 150; i++) {
      const garbage = encodeURIComponent(String(junk(random)).replace(/[\ud800-\udfff]/g, '\ufffd')).slice(0, 200); // lone surrogates have no UTF-8
      const target = [
        `/?token=${garbage}`,
        `/${garbage}`,
        `/ws?token=${host.token}`,
        `/assets/${garbage}`,
        `/%${garbage}`,
        `/index.html?token=${host.token}&x=${garbage}`,
      ][i % 6]!;
      // One connection per request (agent: false): each answer stands alone.
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port: host.port, path: target, method: methods[i % methods.length], agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.once('error', (e) => reject(new Error(`${methods[i % methods.length]} ${target}: ${e.message}`)));
        request.end(i % 2 ? JSON.stringify({ channel: 'fills.add', payload: VALID['fills.add'] }) : undefined);
      });
      expect(status, `${methods[i % methods.length]} ${target}`).toBeLessThan(500);
      expect([200, 400, 401, 404, 405, 426]).toContain(status);
    }
    expect(counts()).toEqual(before);
    await host.close();
    close();
  });
});

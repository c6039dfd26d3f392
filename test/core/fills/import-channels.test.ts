/**
 * The import through the contract: fills.import (a file's text from the renderer, all or nothing,
 * every bad line in the error's fields, positions.reset after), and API keys, which only the
 * Electron host stores (sealed by its keychain) while the browser host refuses and says why.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost } from '../../../electron/browser-host/server';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk, type DeskConfig } from '../../../electron/core/desk';
import { EncryptedFileSecretStore, passphraseCipher, SECRETS_FILE } from '../../../electron/core/secrets/secret-store';
import { DATABASE_FILE } from '../../../electron/core/store/database';
import { MAX_IMPORT_CSV_CHARS } from '../../../shared/contract/channels';
import { rowCounts } from '../../support/seeded-store';
import { useTempDirs } from '../../support/temp-dir';
import { DeribitVenue } from '../../support/deribit-venue/server';
import { FIXTURES_DIR } from '../../support/fixtures';
import { BTC_LOG, HEADER, row } from '../../support/trade-logs';

const tempDir = useTempDirs();
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

function openDesk(config: DeskConfig = { hostMode: 'browser' }) {
  const dataDir = tempDir();
  const desk = createDesk({ dataDir, clock: new ManualClock(Date.UTC(2026, 4, 20)), config });
  const reader = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  open.push(desk, reader);
  const events: string[] = [];
  desk.events.subscribe((channel) => events.push(channel));
  return { desk, dataDir, events, counts: () => rowCounts(reader) };
}

describe('fills.import', () => {
  it('imports a file sent as text and tells the renderer to refetch positions', async () => {
    const { desk, events } = openDesk();
    expect(await dispatch(desk.handlers, 'fills.import', { format: 'deribit', csv: BTC_LOG })).toEqual({
      ok: true,
      value: { source: 'csv', added: 4, duplicates: 0, skipped: { delivery: 1, deposit: 1 } },
    });
    expect(events).toEqual(['positions.reset']);
    expect(await dispatch(desk.handlers, 'fills.import', { format: 'deribit', csv: BTC_LOG })).toMatchObject({ ok: true, value: { added: 0, duplicates: 4 } });
    expect(events).toEqual(['positions.reset']); // nothing new, nothing to refetch
  });

  it('refuses a bad file with every line in the fields, and a file too large to send, writing nothing', async () => {
    const { desk, counts, events } = openDesk();
    const before = counts();
    const trade = { id: 1, seq: 1, date: '19/05/26 12:00:00', instrument: 'BTC-PERPETUAL', side: 'open buy', amount: '10', price: '97000', fee: '0', trade: 'x1' };
    const csv = [HEADER, row({ ...trade, side: 'x' }), row({ ...trade, trade: 'x2' }), row({ ...trade, trade: 'x3', amount: '0' })].join('\n');
    const outcome = await dispatch(desk.handlers, 'fills.import', { format: 'deribit', csv });
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_request',
        message: expect.stringMatching(/^import refused, nothing was written \(2 problems\)/),
        fields: { 'csv line 2': 'Side: "x" is not a buy or a sell', 'csv line 4': 'size: size must be positive' },
      },
    });
    const tooLarge = await dispatch(desk.handlers, 'fills.import', { format: 'deribit', csv: `${HEADER}\n${'x'.repeat(MAX_IMPORT_CSV_CHARS)}` });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { csv: expect.stringMatching(/too large .* CLI import-fills/) } } });
    expect(counts()).toEqual(before);
    expect(events).toEqual([]);
  });
});

describe('venue API keys', () => {
  const keys = { venue: 'deribit', clientId: 'browser-id', clientSecret: 'never-stored-in-a-browser' } as const;

  it('the browser host refuses to store them and says why, over its WebSocket too; nothing is written', async () => {
    const { desk, dataDir } = openDesk({ hostMode: 'browser' });
    const refusal = { ok: false, error: { code: 'refused', message: expect.stringMatching(/^the browser host does not store API keys: a browser has no OS keychain/) } };
    expect(await dispatch(desk.handlers, 'venues.setKeys', keys)).toMatchObject(refusal);
    expect(await dispatch(desk.handlers, 'venues.keys', {})).toMatchObject({
      ok: true,
      value: [{ venue: 'deribit', stored: false, canStore: false, message: expect.stringMatching(/secret-set/) }],
    });

    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
    const host = await startBrowserHost({ desk, rendererDir });
    open.push(host);
    const origin = `http://127.0.0.1:${host.port}`;
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin });
      s.once('open', () => resolve(s));
      s.once('error', reject);
    });
    const answer = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
    socket.send(JSON.stringify({ id: 7, channel: 'venues.setKeys', payload: keys }));
    expect(await answer).toMatchObject({ id: 7, outcome: refusal });
    socket.close();
    expect(fs.existsSync(path.join(dataDir, SECRETS_FILE))).toBe(false);
  });

  it('the Electron host seals them with its keychain (a passphrase cipher stands in for safeStorage here)', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, SECRETS_FILE);
    const keychain = (params?: Record<string, string>) => passphraseCipher('stand-in for the OS keychain', params);
    const { desk } = openDesk({ hostMode: 'electron', secrets: () => EncryptedFileSecretStore.open(file, keychain) });
    expect(await dispatch(desk.handlers, 'venues.keys', {})).toEqual({ ok: true, value: [{ venue: 'deribit', stored: false, canStore: true, message: null }] });
    expect(await dispatch(desk.handlers, 'venues.setKeys', { ...keys, clientSecret: 'sealed-secret-value' })).toEqual({
      ok: true,
      value: { venue: 'deribit', stored: true, canStore: true, message: null },
    });
    expect(await dispatch(desk.handlers, 'venues.keys', {})).toMatchObject({ ok: true, value: [{ stored: true }] });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('sealed-secret-value');
    const reopened = EncryptedFileSecretStore.open(file, keychain);
    expect([reopened.get('deribit.client-id'), reopened.get('deribit.client-secret')]).toEqual(['browser-id', 'sealed-secret-value']);
  });

  it('the Electron host without a usable keychain refuses and says why', async () => {
    const { desk } = openDesk({
      hostMode: 'electron',
      secrets: () => {
        throw new Error('no keyring daemon');
      },
    });
    expect(await dispatch(desk.handlers, 'venues.setKeys', keys)).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'the OS keychain could not be opened, so API keys cannot be stored safely here: no keyring daemon' },
    });
  });
});

describe('fills.importVenue', () => {
  it("imports the account's trades with the key the Electron host sealed; refused without one, with a wrong one, and in the browser host", async () => {
    const account = { clientId: 'desk-read-only', clientSecret: 'desk-secret-kept-sealed' };
    const venue = await DeribitVenue.start({ chainFile: path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv'), account, currencies: ['USDC'] });
    open.push(venue);
    venue.account!.addTrade({ instrument_name: 'BTC-29MAY26-100000-C', direction: 'buy', price: 0.02, amount: 1, fee: 0.0003, timestamp: Date.UTC(2026, 4, 11) });
    venue.account!.addTrade({ instrument_name: 'SOL_USDC-29MAY26-180-P', direction: 'sell', price: 6.5, amount: 10, fee: 0.5, timestamp: Date.UTC(2026, 4, 12) });

    const browser = openDesk({ hostMode: 'browser' });
    expect(await dispatch(browser.desk.handlers, 'fills.importVenue', { venue: 'deribit' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/^the browser host does not store API keys/) },
    });

    const file = path.join(tempDir(), SECRETS_FILE);
    const keychain = (params?: Record<string, string>) => passphraseCipher('stand-in for the OS keychain', params);
    const { desk, events } = openDesk({
      hostMode: 'electron',
      secrets: () => EncryptedFileSecretStore.open(file, keychain),
      // The desk's market on the local Deribit: the import reads the same host.
      market: { venue: 'deribit', urls: { rest: venue.restUrl, ws: venue.wsUrl } },
    });
    expect(await dispatch(desk.handlers, 'fills.importVenue', { venue: 'deribit' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'no deribit API key is stored: store a read-only key first (venues.setKeys)' },
    });
    await dispatch(desk.handlers, 'venues.setKeys', { venue: 'deribit', clientId: account.clientId, clientSecret: 'not-the-secret' });
    const wrong = await dispatch(desk.handlers, 'fills.importVenue', { venue: 'deribit' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringMatching(/^deribit refused the API key/) } });
    expect(JSON.stringify(wrong)).not.toContain('not-the-secret');

    await dispatch(desk.handlers, 'venues.setKeys', { venue: 'deribit', ...account });
    expect(await dispatch(desk.handlers, 'fills.importVenue', { venue: 'deribit' })).toEqual({
      ok: true,
      value: { source: 'deribit', added: 2, duplicates: 0, skipped: {} },
    });
    expect(events.filter((channel) => channel === 'positions.reset')).toHaveLength(1);
    expect(await dispatch(desk.handlers, 'fills.importVenue', { venue: 'deribit', since: Date.UTC(2026, 4, 12) })).toMatchObject({ ok: true, value: { added: 0, duplicates: 1 } });
    expect(desk.fills.positions().map((p) => [p.instrument, p.size])).toEqual([
      ['BTC-29MAY26-100000-C', 1],
      ['SOL_USDC-29MAY26-180-P', -10],
    ]);
  });
});

/**
 * The account's trades from the local Deribit through the real ccxt client: signed private
 * requests, paging while pages come back full (trades sharing a millisecond across a page edge
 * included once), rate-limit refusals waited out, auth failures that name the secret to check and
 * never carry the key, and the same all-or-nothing, duplicate-skipping import as files.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk, type Desk } from '../../../electron/core/desk';
import { fetchDeribitTrades, VenueImportError, type DeribitTradesRequest } from '../../../electron/core/fills/deribit-user-trades';
import { DATABASE_FILE } from '../../../electron/core/store/database';
import { ImportRejectedError } from '../../../electron/core/store/history-import';
import { DeribitVenue } from '../../support/deribit-venue/server';
import { FIXTURES_DIR } from '../../support/fixtures';
import { rowCounts } from '../../support/seeded-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const KEYS = { clientId: 'read-only-id', clientSecret: 'S3cr3t-never-shown-0123456789' };
const T0 = Date.UTC(2026, 4, 11, 9);
const TRADES_METHOD = 'private/get_user_trades_by_currency_and_time';
const RETRY = { attempts: 4, backoff: { baseMs: 10, maxMs: 40 }, rateLimitedDelayMs: 60, random: () => 0.5 };

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function startVenue(): Promise<DeribitVenue> {
  const venue = await DeribitVenue.start({ chainFile: path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv'), account: KEYS, currencies: ['USDC'] });
  open.push(venue);
  return venue;
}

function openDesk(): { desk: Desk; counts: () => Record<string, number> } {
  const dataDir = tempDir();
  const desk = createDesk({ dataDir, clock: new ManualClock(T0 + 86_400_000), config: { hostMode: 'cli' } });
  const reader = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  open.push(desk, reader);
  return { desk, counts: () => rowCounts(reader) };
}

/** 23 BTC trades a minute apart, the 10th to 12th in one millisecond (a page edge at 10), and 3 USDC-linear ones. */
function addTrades(venue: DeribitVenue): void {
  const account = venue.account!;
  for (let i = 0; i < 23; i++) {
    const time = i >= 9 && i <= 11 ? T0 + 9 * 60_000 : T0 + i * 60_000;
    account.addTrade({ instrument_name: 'BTC-29MAY26-100000-C', direction: i % 3 === 2 ? 'sell' : 'buy', price: 0.02 + i * 0.0005, amount: 0.5, fee: 0.00015, timestamp: time });
  }
  account.addTrade({ instrument_name: 'SOL_USDC-29MAY26-180-P', direction: 'sell', price: 6.5, amount: 10, fee: 0.5, timestamp: T0 + 30_000 });
  account.addTrade({ instrument_name: 'SOL_USDC-29MAY26-180-P', direction: 'buy', price: 5.1, amount: 4, fee: 0.2, timestamp: T0 + 90_000 });
  account.addTrade({ instrument_name: 'BTC_USDC-29MAY26-100000-C', direction: 'buy', price: 21.5, amount: 2, fee: -0.1, timestamp: T0 + 150_000 });
}

function request(venue: DeribitVenue, overrides: Partial<DeribitTradesRequest> = {}): DeribitTradesRequest {
  return { keys: KEYS, currencies: ['BTC', 'USDC'], since: 0, until: T0 + 86_400_000, url: venue.restUrl, pageSize: 10, retry: RETRY, ...overrides };
}

describe('fill import from Deribit through ccxt', () => {
  it('pages through every trade of each currency, once each, into fills and positions', async () => {
    const venue = await startVenue();
    addTrades(venue);
    const { desk } = openDesk();

    const batch = await fetchDeribitTrades(request(venue));
    expect(desk.importFills(batch)).toEqual({ source: 'deribit', added: 26, duplicates: 0, skipped: {} });

    const pages = venue.requests.filter((r) => r.method === TRADES_METHOD);
    expect(pages.map((r) => [r.params.currency, r.params.start_timestamp])).toEqual([
      ['BTC', '0'],
      ['BTC', String(T0 + 9 * 60_000)], // from the latest of page one, inclusive: the other two of that millisecond come next
      ['BTC', String(T0 + 18 * 60_000)],
      ['USDC', '0'],
    ]);
    expect(pages.every((r) => r.params.count === '10' && r.params.sorting === 'asc' && r.params.end_timestamp === String(T0 + 86_400_000))).toBe(true);

    const stored = desk.fills.list(100);
    expect(new Set(stored.map((fill) => fill.venueTradeId)).size).toBe(26);
    expect(stored.every((fill) => fill.venue === 'deribit' && fill.source === 'import')).toBe(true);
    const call = desk.fills.position('BTC-29MAY26-100000-C')!;
    const sells = [2, 5, 8, 11, 14, 17, 20].length;
    expect(call.size).toBeCloseTo((23 - 2 * sells) * 0.5, 12);
    expect(call.fees).toBeCloseTo(23 * 0.00015, 12);
    expect(desk.fills.position('SOL_USDC-29MAY26-180-P')).toMatchObject({ currency: 'USDC', size: -6, avgPrice: 6.5 });
    expect(desk.fills.position('SOL_USDC-29MAY26-180-P')!.realizedPnl).toBeCloseTo(5.6, 12);
    expect(desk.fills.position('BTC_USDC-29MAY26-100000-C')).toMatchObject({ size: 2, fees: -0.1 });

    // Again: every trade is already stored.
    expect(desk.importFills(await fetchDeribitTrades(request(venue)))).toMatchObject({ added: 0, duplicates: 26 });
    expect(desk.fills.count()).toBe(26);
  });

  it('starts at --since; by default reads the currencies the venue lists, refuses one it does not', async () => {
    const venue = await startVenue();
    addTrades(venue);
    const { desk } = openDesk();
    expect(desk.importFills(await fetchDeribitTrades(request(venue, { since: T0 + 20 * 60_000, currencies: undefined })))).toMatchObject({ added: 3 });
    expect(venue.requests.filter((r) => r.method === TRADES_METHOD).map((r) => r.params.currency)).toEqual(['BTC', 'USDC']); // no ETH here
    await expect(fetchDeribitTrades(request(venue, { currencies: ['BTC', 'ETH'] }))).rejects.toThrow('deribit lists no currency ETH');
  });

  it('backs off from rate-limit refusals (10028) and then gets every trade', async () => {
    const venue = await startVenue();
    addTrades(venue);
    const { desk } = openDesk();
    venue.rateLimitNext(TRADES_METHOD, 2);
    const batch = await fetchDeribitTrades(request(venue, { currencies: ['BTC'] }));
    expect(desk.importFills(batch)).toMatchObject({ added: 23 });
    const pages = venue.requests.filter((r) => r.method === TRADES_METHOD);
    expect(pages).toHaveLength(5); // two refused, then the three pages
    // Each refusal was waited out (at least rateLimitedDelayMs) before the same request went again.
    expect(pages[1]!.at - pages[0]!.at).toBeGreaterThanOrEqual(RETRY.rateLimitedDelayMs - 1);
    expect(pages[2]!.at - pages[1]!.at).toBeGreaterThanOrEqual(RETRY.rateLimitedDelayMs - 1);
    expect(pages[2]!.params.start_timestamp).toBe('0');
  });

  it('gives up on a venue that keeps refusing, with nothing written', async () => {
    const venue = await startVenue();
    addTrades(venue);
    const { desk, counts } = openDesk();
    const before = counts();
    venue.rateLimitNext(TRADES_METHOD, 10);
    await expect(fetchDeribitTrades(request(venue))).rejects.toThrow(/too_many_requests/);
    expect(venue.requests.filter((r) => r.method === TRADES_METHOD)).toHaveLength(RETRY.attempts);
    expect(counts()).toEqual(before);
  });

  it('refuses a wrong or missing key by naming the secrets, never showing the key', async () => {
    const venue = await startVenue();
    addTrades(venue);
    const wrong = { clientId: KEYS.clientId, clientSecret: 'Wr0ng-secret-also-never-shown' };
    const error = await fetchDeribitTrades(request(venue, { keys: wrong })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VenueImportError);
    expect((error as Error).message).toMatch(/deribit refused the API key .*deribit\.client-id and deribit\.client-secret/);
    expect(String((error as Error).stack)).not.toContain(wrong.clientSecret);
    expect((error as Error).message).not.toContain(KEYS.clientId);
    const empty = await fetchDeribitTrades(request(venue, { keys: { clientId: '', clientSecret: '' } })).catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(/deribit refused the API key/);
    expect(venue.requests.filter((r) => r.method === TRADES_METHOD)).toHaveLength(1); // ccxt sends nothing without a key
  });

  it('the venue refuses private calls without credentials and takes a client_credentials token', async () => {
    const venue = await startVenue();
    venue.account!.addTrade({ instrument_name: 'BTC-PERPETUAL', direction: 'buy', price: 95_000, amount: 100, timestamp: T0 });
    const url = `${venue.restUrl}/api/v2/${TRADES_METHOD}?currency=BTC&start_timestamp=0&end_timestamp=${T0}`;
    const anonymous = (await (await fetch(url)).json()) as { error: { code: number; message: string } };
    expect(anonymous.error).toMatchObject({ code: 13009, message: 'unauthorized' });
    const refused = (await (await fetch(`${venue.restUrl}/api/v2/public/auth?grant_type=client_credentials&client_id=${KEYS.clientId}&client_secret=nope`)).json()) as {
      error: { code: number };
    };
    expect(refused.error.code).toBe(13004);
    const auth = (await (
      await fetch(`${venue.restUrl}/api/v2/public/auth?grant_type=client_credentials&client_id=${KEYS.clientId}&client_secret=${KEYS.clientSecret}`)
    ).json()) as { result: { access_token: string } };
    const answer = (await (await fetch(url, { headers: { authorization: `Bearer ${auth.result.access_token}` } })).json()) as { result: { trades: unknown[]; has_more: boolean } };
    expect(answer.result).toMatchObject({ trades: [{ instrument_name: 'BTC-PERPETUAL', amount: 100 }], has_more: false });
  });

  it('refuses the whole import when one trade is not a fill the desk can hold', async () => {
    const venue = await startVenue();
    addTrades(venue);
    venue.account!.addTrade({ instrument_name: 'BTC-29MAY26-100000-C', direction: 'buy', price: -1, amount: 1, timestamp: T0 + 5 });
    const { desk, counts } = openDesk();
    const before = counts();
    const batch = await fetchDeribitTrades(request(venue, { currencies: ['BTC'] }));
    const error = (() => {
      try {
        desk.importFills(batch);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as ImportRejectedError).problems).toEqual([{ table: 'deribit', line: 2, message: 'price: price must not be negative' }]);
    expect(counts()).toEqual(before);
  });
});

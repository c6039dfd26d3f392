/**
 * Watched boards on the desk's live market (the embedded simulator, real time): the batches pushed
 * after each requote, applied to the board the watch answered, give exactly the board a fetch
 * answers at that moment; a changed parameter set comes as a whole board; replaced, stopped and
 * surplus watches get nothing more; a refused request watches nothing. Everything through the
 * contract's gate, parsed with its schemas.
 */
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { systemClock } from '../../../electron/core/clock';
import { createDesk, type Desk } from '../../../electron/core/desk';
import { MAX_WATCHES } from '../../../electron/core/premium/board-watches';
import { eventChannels, invokeChannels, type InvokeChannel, type ResponseOf } from '../../../shared/contract/channels';
import type { BoardChanges, QuoteBoard } from '../../../shared/contract/quotes';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

async function call<C extends InvokeChannel>(desk: Desk, channel: C, request: unknown): Promise<ResponseOf<C>> {
  const outcome = await dispatch(desk.handlers, channel, request);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return invokeChannels[channel].response.parse(outcome.value) as ResponseOf<C>;
}

/** What a screen does with a batch: the whole board, or the changed rows by strike and the forward. */
function apply(board: QuoteBoard, changes: BoardChanges): QuoteBoard {
  if (changes.board) return changes.board;
  const changed = new Map(changes.rows.map((row) => [row.strike, row]));
  return {
    ...board,
    asOf: changes.asOf,
    expiries: board.expiries.map((expiry) =>
      expiry.rows.length === 0 ? expiry : { ...expiry, forward: changes.forward, rows: expiry.rows.map((row) => changed.get(row.strike) ?? row) },
    ),
  };
}

/** What a batch keeps current: not the expiries' T (days on a tab) nor the forwards of the ladders not shown. */
function asShown(board: QuoteBoard): unknown {
  return { ...board, expiries: board.expiries.map(({ T: _T, forward, ...expiry }) => ({ ...expiry, forward: expiry.rows.length > 0 ? forward : null })) };
}

function withMarket(seed: number): { desk: Desk; batches: BoardChanges[]; fetched: Map<BoardChanges, QuoteBoard> } {
  const desk = createDesk({ dataDir: tempDir(), clock: systemClock, config: { hostMode: 'browser', market: { venue: 'sim', seed } } });
  const batches: BoardChanges[] = [];
  const fetched = new Map<BoardChanges, QuoteBoard>();
  const request = { underlying: 'ETH', settlement: 'inverse' as const, size: undefined, expiry: 'nearest' as const };
  desk.events.subscribe((channel, payload) => {
    if (channel !== 'quotes.rows') return;
    const changes = eventChannels['quotes.rows'].parse(payload);
    batches.push(changes);
    // What a fetch answers at the same moment, to hold the batch against.
    fetched.set(changes, desk.handlers['quotes.board'](request) as QuoteBoard);
  });
  return { desk, batches, fetched };
}

async function firstQuotes(desk: Desk): Promise<void> {
  await vi.waitFor(async () => expect((await call(desk, 'quotes.board', { underlying: 'ETH' })).asOf).not.toBeNull(), { timeout: 10_000, interval: 50 });
}

describe('watched boards', () => {
  it('pushes only changed rows, and the board they build is the board a fetch answers', async () => {
    const { desk, batches, fetched } = withMarket(3);
    try {
      await firstQuotes(desk);
      const answer = await call(desk, 'quotes.watch', { board: { underlying: 'ETH', expiry: 'nearest' } });
      expect(answer.watch).not.toBeNull();
      let board = answer.board!;
      const rows = board.expiries.find((e) => e.rows.length > 0)!.rows.length;
      expect(rows).toBeGreaterThan(10);
      await vi.waitFor(() => expect(batches.filter((b) => b.watch === answer.watch).length).toBeGreaterThanOrEqual(4), { timeout: 10_000, interval: 50 });
      const mine = batches.filter((b) => b.watch === answer.watch);
      for (const changes of mine) {
        // A row is sent only when something in it moved (on this market theo moves every tick, so most do).
        const before = new Map(board.expiries.flatMap((e) => e.rows).map((row) => [row.strike, row]));
        for (const row of changes.rows) expect(row).not.toEqual(before.get(row.strike));
        board = apply(board, changes);
        expect(asShown(board)).toEqual(asShown(fetched.get(changes)!));
      }

      // A new parameter set reprices the whole board: it comes whole, with its id.
      const settings = await call(desk, 'premium.update', { riskAversion: 4e-6 });
      await vi.waitFor(() => expect(batches.some((b) => b.watch === answer.watch && b.board?.params?.id === settings.id)).toBe(true), { timeout: 10_000, interval: 50 });
    } finally {
      desk.close();
    }
  });

  it('stops pushing a replaced, stopped or surplus watch; a refused request watches nothing', async () => {
    const { desk, batches } = withMarket(4);
    try {
      await firstQuotes(desk);
      const first = await call(desk, 'quotes.watch', { board: { underlying: 'ETH', expiry: 'nearest' } });
      const second = await call(desk, 'quotes.watch', { board: { underlying: 'BTC', expiry: 'nearest' }, replaces: first.watch! });
      expect(second.board!.underlying).toBe('BTC');
      const refused = await dispatch(desk.handlers, 'quotes.watch', { board: { underlying: 'BTC', size: 7.5 } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request', fields: { size: expect.stringContaining('not on the ladder') } } });
      const others: number[] = [];
      for (let i = 0; i < MAX_WATCHES; i++) others.push((await call(desk, 'quotes.watch', { board: { underlying: 'SOL', settlement: 'linear' } })).watch!);
      // The newest MAX_WATCHES are kept: the BTC watch, the oldest, is dropped; then one is stopped.
      expect(await call(desk, 'quotes.watch', { board: null, replaces: others[0] })).toEqual({ watch: null, board: null });
      const since = batches.length;
      await vi.waitFor(() => expect(new Set(batches.slice(since).map((b) => b.watch))).toEqual(new Set(others.slice(1))), { timeout: 10_000, interval: 50 });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(new Set(batches.slice(since).map((b) => b.watch))).toEqual(new Set(others.slice(1)));
    } finally {
      desk.close();
    }
  });
});

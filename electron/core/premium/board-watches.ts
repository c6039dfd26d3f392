/**
 * Boards kept current by push (`quotes.watch`, event `quotes.rows`): a screen says which board it
 * shows, and after each requote gets only the rows that changed since its last batch, instead of
 * asking for the whole board again on every tick (a round trip and ~40 KB per tick for the longest
 * ladder). The board is read from the quotes as they stand, so a batch holds exactly what a fetch
 * would have answered.
 *
 * Watches are not tied to a connection (events go to every window), so a renderer that went away
 * without saying so cannot leave work behind for ever: at most MAX_WATCHES are kept, the oldest dropped.
 */
import type { ParsedRequestOf } from '../../../shared/contract/channels';
import type { BoardChanges, BoardRow, BoardWatch, QuoteBoard } from '../../../shared/contract/quotes';

type BoardRequest = ParsedRequestOf<'quotes.board'>;
type WatchRequest = ParsedRequestOf<'quotes.watch'>;

/** A desk window or two, each with a board: more than this is a window that left without unwatching. */
export const MAX_WATCHES = 4;

interface Watch {
  request: BoardRequest;
  /** What a batch must replace whole when it differs: everything on the board but the quotes and the forward. */
  shape: string;
  /** Each shown row as last sent, by strike. */
  rows: Map<number, string>;
}

/** The board's one expiry with rows (a watch asks for one ladder), or none. */
function shownExpiry(board: QuoteBoard): QuoteBoard['expiries'][number] | undefined {
  return board.expiries.find((expiry) => expiry.rows.length > 0);
}

function shapeOf(board: QuoteBoard): string {
  const { asOf: _asOf, expiries, ...rest } = board;
  const shown = shownExpiry(board);
  return JSON.stringify([rest, expiries.map(({ expiry, options }) => [expiry, options]), shown?.expiry, shown?.rows.map((row) => row.strike)]);
}

function rowsOf(board: QuoteBoard): Map<number, string> {
  return new Map((shownExpiry(board)?.rows ?? []).map((row) => [row.strike, JSON.stringify(row)]));
}

export class BoardWatches {
  private readonly watches = new Map<number, Watch>();
  private nextId = 1;

  constructor(
    private readonly board: (request: BoardRequest) => QuoteBoard,
    private readonly publish: (changes: BoardChanges) => void,
  ) {}

  get size(): number {
    return this.watches.size;
  }

  /** Answer the board asked for and watch it; a request the board refuses (a size off the ladder) throws and watches nothing. */
  watch({ board: request, replaces }: WatchRequest): BoardWatch {
    if (replaces !== undefined) this.watches.delete(replaces);
    if (!request) return { watch: null, board: null };
    const board = this.board(request);
    const id = this.nextId++;
    this.watches.set(id, { request, shape: shapeOf(board), rows: rowsOf(board) });
    for (const oldest of this.watches.keys()) {
      if (this.watches.size <= MAX_WATCHES) break;
      this.watches.delete(oldest);
    }
    return { watch: id, board };
  }

  /** After a requote: one batch per watch, its changed rows (maybe none: the forward and asOf still move). */
  requoted(): void {
    for (const [id, watch] of this.watches) {
      const board = this.board(watch.request);
      if (board.asOf === null) continue;
      const shape = shapeOf(board);
      if (shape !== watch.shape) {
        watch.shape = shape;
        watch.rows = rowsOf(board);
        this.publish({ watch: id, asOf: board.asOf, board, forward: shownExpiry(board)?.forward ?? null, rows: [] });
        continue;
      }
      const shown = shownExpiry(board);
      const changed: BoardRow[] = [];
      for (const row of shown?.rows ?? []) {
        const text = JSON.stringify(row);
        if (watch.rows.get(row.strike) === text) continue;
        watch.rows.set(row.strike, text);
        changed.push(row);
      }
      this.publish({ watch: id, asOf: board.asOf, board: null, forward: shown?.forward ?? null, rows: changed });
    }
  }
}

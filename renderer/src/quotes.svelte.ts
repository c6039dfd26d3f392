/**
 * The quote board's view of the core: which chain, size and expiry the trader looks at, the board
 * for that choice and the selected quote's breakdown. While the board is on screen the core
 * watches it (`quotes.watch`) and pushes the rows that changed after each requote (`quotes.rows`):
 * no fetch per tick, and each row's quotes are their own state, so a batch updates the cells of
 * the rows it names and nothing else. The breakdown is refetched (coalesced) as the core requotes.
 */
import type { DeskApi } from '../../shared/contract/api';
import type { Settlement } from '../../shared/contract/market';
import type { BoardChanges, BoardQuote, BoardRow, BoardWatch, QuoteBoard, QuoteBreakdown } from '../../shared/contract/quotes';
import { checkInstrumentName } from '../../shared/domain/instrument';
import { LatestFetch } from './latest';
import { stampShown } from './screen-lag';

type SettlementKind = (typeof Settlement.options)[number];

/** A strike of the shown ladder: its call and put replaced by each batch that names the row. */
export class LadderRow {
  call = $state.raw<BoardQuote | null>(null);
  put = $state.raw<BoardQuote | null>(null);

  constructor(
    readonly strike: number,
    row: BoardRow,
  ) {
    this.set(row);
  }

  set(row: BoardRow): void {
    this.call = row.call;
    this.put = row.put;
  }
}

export class QuotesState {
  underlying = $state('BTC');
  settlement = $state<SettlementKind>('inverse');
  size = $state<number | undefined>(undefined);
  expiry = $state<number | undefined>(undefined);
  /** The board as last answered whole (chains, sizes, expiries, parameters): raw state, no deep proxy. */
  board = $state.raw<QuoteBoard | null>(null);
  /** The shown ladder, a row per strike, and its forward: what the pushed batches keep current. */
  rows = $state.raw<LadderRow[]>([]);
  forward = $state<number | null>(null);
  selected = $state<string | null>(null);
  breakdown = $state.raw<QuoteBreakdown | null>(null);
  error = $state<string | null>(null);
  /** Why the selected quote has no breakdown (not listed, not valued yet). */
  breakdownError = $state<string | null>(null);
  private visible = false;
  /** The core's id of this screen's latest watch (the next one replaces it), and of the watch on screen. */
  private watchId: number | null = null;
  private shownWatch: number | null = null;
  private byStrike = new Map<number, LadderRow>();
  private readonly boardWatch: LatestFetch<BoardWatch>;
  private readonly breakdownFetch: LatestFetch<QuoteBreakdown | null>;

  constructor(private readonly api: DeskApi) {
    const fail = (error: unknown) => (this.error = error instanceof Error ? error.message : String(error));
    this.boardWatch = new LatestFetch(
      async () => {
        const request = this.visible ? { underlying: this.underlying, settlement: this.settlement, size: this.size, expiry: this.expiry ?? ('nearest' as const) } : null;
        const answer = await api.invoke('quotes.watch', { board: request, replaces: this.watchId ?? undefined });
        // Kept even when the answer is dropped as stale: the next watch replaces it on the core.
        this.watchId = answer.watch;
        return answer;
      },
      ({ watch, board }) => {
        // Batches under any other id are an older question's.
        this.shownWatch = watch;
        if (board) this.showBoard(board);
        this.error = null;
      },
      fail,
    );
    this.breakdownFetch = new LatestFetch(
      () => (this.selected ? api.invoke('quotes.breakdown', { instrument: this.selected }) : Promise.resolve(null)),
      (breakdown) => ((this.breakdown = breakdown), (this.breakdownError = null)),
      (error) => (this.breakdownError = error instanceof Error ? error.message : String(error)),
    );
    api.on('quotes.rows', (changes) => {
      if (changes.watch === this.shownWatch) this.apply(changes);
    });
    api.on('quotes.updated', () => {
      if (this.visible && this.selected) this.breakdownFetch.request();
    });
  }

  show(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.boardWatch.reset();
  }

  /** Watch again after the core came back (a new host knows no watch) or the book was reset. */
  rewatch(): void {
    if (this.visible) this.boardWatch.reset();
  }

  private showBoard(board: QuoteBoard): void {
    this.board = board;
    const shown = board.expiries.find((e) => e.rows.length > 0);
    // The first answer is the core's nearest expiry with more than a day left: the one with rows.
    if (this.expiry === undefined) this.expiry = shown?.expiry;
    this.byStrike = new Map((shown?.rows ?? []).map((row) => [row.strike, new LadderRow(row.strike, row)]));
    this.rows = [...this.byStrike.values()];
    this.forward = shown?.forward ?? null;
    stampShown('quotes', board.asOf);
  }

  private apply(changes: BoardChanges): void {
    if (changes.board) return this.showBoard(changes.board);
    for (const row of changes.rows) this.byStrike.get(row.strike)?.set(row);
    this.forward = changes.forward;
    stampShown('quotes', changes.asOf);
  }

  chooseChain(underlying: string, settlement: SettlementKind): void {
    if (underlying === this.underlying && settlement === this.settlement) return;
    this.underlying = underlying;
    this.settlement = settlement;
    this.expiry = undefined;
    this.select(null);
    this.boardWatch.reset();
  }

  chooseExpiry(expiry: number): void {
    this.expiry = expiry;
    this.boardWatch.reset();
  }

  chooseSize(size: number): void {
    this.size = size;
    this.boardWatch.reset();
  }

  /** Jump to an option by name: its chain, its expiry, its breakdown. Answers why not when it cannot. */
  find(name: string): string | null {
    const checked = checkInstrumentName(name.trim().toUpperCase());
    if (!checked.ok) return checked.reason;
    const { instrument } = checked;
    if (instrument.kind !== 'option') return `${instrument.name} is not an option`;
    this.chooseChain(instrument.base, instrument.settlement);
    this.chooseExpiry(instrument.expiry);
    this.select(instrument.name);
    return null;
  }

  select(instrument: string | null): void {
    this.selected = instrument;
    this.breakdown = null;
    this.breakdownError = null;
    this.breakdownFetch.reset();
  }
}

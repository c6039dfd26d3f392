/**
 * The blotter's view of the core: the marked book, fetched when a fill lands or positions are
 * reset, and, while the blotter is on screen, again as the market requotes (at most once a second:
 * marks move every tick, a trader reads P&L and greeks at a calmer pace).
 */
import type { DeskApi } from '../../shared/contract/api';
import type { BookView } from '../../shared/contract/book';
import { LatestFetch } from './latest';

const MARKS_EVERY_MS = 1_000;

export class BookState {
  /** Replaced whole by each answer, never edited: raw, so reading thousands of cells costs no proxies. */
  view = $state.raw<BookView | null>(null);
  error = $state<string | null>(null);
  /** Groups the trader folded, by `underlying expiry`. */
  collapsed = $state<Set<string>>(new Set());
  private visible = false;
  private lastMarks = 0;
  private readonly fetch: LatestFetch<BookView>;

  constructor(api: DeskApi) {
    this.fetch = new LatestFetch(
      () => {
        // Whatever asked (a fill, the screen shown), the marks come with this answer: requotes within the second ask nothing more.
        this.lastMarks = Date.now();
        return api.invoke('book.view', {});
      },
      (view) => {
        this.view = view;
        this.error = null;
      },
      (error) => (this.error = error instanceof Error ? error.message : String(error)),
    );
    api.on('fills.added', () => this.fetch.request());
    api.on('positions.reset', () => this.fetch.request());
    api.on('quotes.updated', () => {
      if (!this.visible || Date.now() - this.lastMarks < MARKS_EVERY_MS) return;
      this.fetch.request();
    });
  }

  show(visible: boolean): void {
    this.visible = visible;
    if (visible) this.fetch.request();
  }

  refresh(): void {
    this.fetch.request();
  }

  toggle(key: string): void {
    const next = new Set(this.collapsed);
    if (!next.delete(key)) next.add(key);
    this.collapsed = next;
  }
}

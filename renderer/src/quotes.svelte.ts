/**
 * The quote board's view of the core: which chain, size and expiry the trader looks at, the board
 * for that choice and the selected quote's breakdown, refetched (coalesced) when the core says it
 * requoted, only while the board is on screen.
 */
import type { DeskApi } from '../../shared/contract/api';
import type { Settlement } from '../../shared/contract/market';
import type { QuoteBoard, QuoteBreakdown } from '../../shared/contract/quotes';
import { checkInstrumentName } from '../../shared/domain/instrument';
import { LatestFetch } from './latest';
import { stampShown } from './screen-lag';

type SettlementKind = (typeof Settlement.options)[number];

export class QuotesState {
  underlying = $state('BTC');
  settlement = $state<SettlementKind>('inverse');
  size = $state<number | undefined>(undefined);
  expiry = $state<number | undefined>(undefined);
  /** Answers are replaced whole, never edited: raw state, no deep proxy over every quote. */
  board = $state.raw<QuoteBoard | null>(null);
  selected = $state<string | null>(null);
  breakdown = $state.raw<QuoteBreakdown | null>(null);
  error = $state<string | null>(null);
  /** Why the selected quote has no breakdown (not listed, not valued yet). */
  breakdownError = $state<string | null>(null);
  private visible = false;
  private readonly boardFetch: LatestFetch<QuoteBoard>;
  private readonly breakdownFetch: LatestFetch<QuoteBreakdown | null>;

  constructor(private readonly api: DeskApi) {
    const fail = (error: unknown) => (this.error = error instanceof Error ? error.message : String(error));
    this.boardFetch = new LatestFetch(
      () => api.invoke('quotes.board', { underlying: this.underlying, settlement: this.settlement, size: this.size, expiry: this.expiry ?? 'nearest' }),
      (board) => {
        this.board = board;
        this.error = null;
        stampShown('quotes', board.asOf);
        // The first answer is the core's nearest expiry with more than a day left: the one with rows.
        if (this.expiry === undefined) this.expiry = board.expiries.find((e) => e.rows.length > 0)?.expiry;
      },
      fail,
    );
    this.breakdownFetch = new LatestFetch(
      () => (this.selected ? api.invoke('quotes.breakdown', { instrument: this.selected }) : Promise.resolve(null)),
      (breakdown) => ((this.breakdown = breakdown), (this.breakdownError = null)),
      (error) => (this.breakdownError = error instanceof Error ? error.message : String(error)),
    );
    api.on('quotes.updated', () => {
      if (!this.visible) return;
      this.boardFetch.request();
      if (this.selected) this.breakdownFetch.request();
    });
  }

  show(visible: boolean): void {
    this.visible = visible;
    if (visible) this.boardFetch.reset();
  }

  chooseChain(underlying: string, settlement: SettlementKind): void {
    if (underlying === this.underlying && settlement === this.settlement) return;
    this.underlying = underlying;
    this.settlement = settlement;
    this.expiry = undefined;
    this.select(null);
    this.boardFetch.reset();
  }

  chooseExpiry(expiry: number): void {
    this.expiry = expiry;
    this.boardFetch.reset();
  }

  chooseSize(size: number): void {
    this.size = size;
    this.boardFetch.reset();
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

/**
 * Fill models: how the dealer's quotes in effect get filled (each configurable per run).
 *   intensity      client orders at A exp(-k delta) against the quotes (the source's flow: the
 *                  simulator's clients, or the calibrated A, k on a recording)
 *   trade-through  a print of another participant at or through the dealer's price fills the
 *                  dealer, sized by the print (a taker who paid the venue's ask at or above the
 *                  dealer's ask would have taken the dealer first)
 *   queue          the dealer joins the back of the displayed queue at its price (nothing ahead
 *                  when it improves on the book) and is filled only by what prints at or through
 *                  its price after the queue ahead is consumed; a new price joins the back again.
 *                  Cancellations ahead are not credited (the conservative reading).
 * Each returns fills at the dealer's price; the loop books them.
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import type { TradeEvent } from '../market/events';
import type { MarketState } from '../market/market-state';
import type { BookSide } from '../market/order-book';
import type { QuoteSchedule, QuoteSnapshot } from './quote-schedule';

export type { FillModel } from '../../../shared/contract/backtest';

export interface DealerFill {
  /** When it happened (a print's time; the window's end for client orders). */
  time: number;
  i: number;
  side: 'bid' | 'ask';
  price: number;
  amount: number;
  informed: boolean;
  /** The quotes it hit (what each premium term earned is read from them). */
  snapshot: QuoteSnapshot;
}

/** Contracts displayed at exactly `price` on a book side (0: a new level). */
function displayedAt(side: BookSide, price: number): number {
  for (let l = 0; l < side.depth; l++) if (side.price(l) === price) return side.amount(l);
  return 0;
}

/** Whether a print of the taker's side reaches the dealer's price on the side it would hit. */
function crosses(print: TradeEvent, snapshot: QuoteSnapshot, i: number): { side: 'bid' | 'ask'; price: number } | null {
  const side = print.takerSide === 'buy' ? 'ask' : 'bid';
  const price = snapshot.price(i, side);
  if (!(price > 0)) return null;
  return (side === 'ask' ? print.price >= price : print.price <= price) ? { side, price } : null;
}

export class PrintMatcher {
  private readonly byName: Map<string, number>;
  /** Queue model: per option and side (bid 2i, ask 2i+1) the price the dealer queues at and the contracts ahead. */
  private readonly queuePrice: Float64Array;
  private readonly ahead: Float64Array;
  private seen = -1;

  constructor(
    private readonly model: 'trade-through' | 'queue',
    private readonly options: readonly OptionInstrument[],
    private readonly schedule: QuoteSchedule,
    private readonly state: MarketState,
  ) {
    this.byName = new Map(options.map((option, i) => [option.name, i]));
    this.queuePrice = new Float64Array(options.length * 2);
    this.ahead = new Float64Array(options.length * 2);
  }

  /** The dealer's fills from these prints, each against the quotes in effect at its time. */
  fills(prints: readonly TradeEvent[]): DealerFill[] {
    const fills: DealerFill[] = [];
    for (const print of prints) {
      const i = this.byName.get(print.instrument);
      if (i === undefined) continue;
      const snapshot = this.schedule.activeAt(print.time);
      if (!snapshot) continue;
      if (this.model === 'queue') this.join(snapshot);
      const hit = crosses(print, snapshot, i);
      if (!hit) continue;
      let amount = print.amount;
      if (this.model === 'queue') {
        const slot = 2 * i + (hit.side === 'bid' ? 0 : 1);
        const consumed = Math.min(this.ahead[slot]!, amount);
        this.ahead[slot] = this.ahead[slot]! - consumed;
        amount -= consumed;
      }
      amount = Math.min(amount, this.schedule.amount[i]!);
      if (amount > 0) fills.push({ time: print.time, i, side: hit.side, price: hit.price, amount, informed: false, snapshot });
    }
    return fills;
  }

  /** A newly effective snapshot: every side whose price moved joins the back of that price's queue. */
  private join(snapshot: QuoteSnapshot): void {
    if (this.schedule.version === this.seen) return;
    this.seen = this.schedule.version;
    for (let i = 0; i < this.options.length; i++) {
      for (const side of ['bid', 'ask'] as const) {
        const slot = 2 * i + (side === 'bid' ? 0 : 1);
        const price = snapshot.price(i, side);
        if (price === this.queuePrice[slot]) continue;
        this.queuePrice[slot] = price;
        const book = this.state.get(this.options[i]!.name)?.book;
        this.ahead[slot] = price > 0 && book ? displayedAt(side === 'bid' ? book.bids : book.asks, price) : 0;
      }
    }
  }
}

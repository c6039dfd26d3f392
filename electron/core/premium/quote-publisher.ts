/**
 * Publication of the engine's quotes: after a requote, the quotes whose price or suppression
 * changed since they were last published go to the journal (one transaction) and to listeners,
 * each with the parameter set's id. Unchanged quotes are not republished: the journal records
 * every price the desk showed, not every recomputation.
 */
import type { JournalQuote, QuoteJournal } from '../store/quote-journal';
import type { QuoteEngine } from './quote-engine';

export class QuotePublisher {
  private readonly lastBid: Float64Array;
  private readonly lastAsk: Float64Array;
  private readonly lastLimits: (string | null)[];

  constructor(
    private readonly engine: QuoteEngine,
    private readonly journal: QuoteJournal,
  ) {
    const slots = engine.optionCount * engine.sizes.length;
    this.lastBid = new Float64Array(slots).fill(Number.NaN);
    this.lastAsk = new Float64Array(slots).fill(Number.NaN);
    this.lastLimits = new Array<string | null>(slots).fill('unpublished');
  }

  /** Journal what changed; returns the published quotes. */
  publish(time: number, paramsId: number): JournalQuote[] {
    const { engine } = this;
    const Z = engine.sizes.length;
    const published: JournalQuote[] = [];
    for (let i = 0; i < engine.optionCount; i++) {
      for (let z = 0; z < Z; z++) {
        const slot = i * Z + z;
        const bid = engine.bid[slot]!;
        const ask = engine.ask[slot]!;
        const samePrices = Object.is(bid, this.lastBid[slot]) && Object.is(ask, this.lastAsk[slot]);
        // A quoted side has no limit: with both prices unchanged and quoted, nothing changed.
        if (samePrices && !Number.isNaN(bid) && !Number.isNaN(ask)) continue;
        const view = engine.view(i, z);
        const limits = `${view.limits.bid}|${view.limits.ask}`;
        if (samePrices && limits === this.lastLimits[slot]) continue;
        this.lastBid[slot] = bid;
        this.lastAsk[slot] = ask;
        this.lastLimits[slot] = limits;
        published.push({ time, paramsId, view });
      }
    }
    this.journal.append(published);
    return published;
  }
}

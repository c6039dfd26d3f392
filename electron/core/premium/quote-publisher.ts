/**
 * Publication of the engine's quotes: after a requote, the quotes whose price or suppression
 * changed since they were last published go to the journal (one transaction) and to listeners,
 * each with the parameter set's id. Unchanged quotes are not republished: the journal records
 * every price the desk showed, not every recomputation.
 *
 * On a live market every chain is recalibrated each second and nearly every price moves a tick:
 * journaling each move would write megabytes a second. With `everyMs`, a quote whose price moved
 * but whose suppression did not is journaled at most that often (its latest price then); a
 * suppression change is journaled at once, and so is the whole book after a fill (`journalAll`),
 * the moment a reviewer asks about.
 */
import type { JournalQuote, QuoteJournal } from '../store/quote-journal';
import type { QuoteEngine } from './quote-engine';

export class QuotePublisher {
  private readonly lastBid: Float64Array;
  private readonly lastAsk: Float64Array;
  private readonly lastLimits: (string | null)[];
  private readonly lastTime: Float64Array;
  private everything = true;

  constructor(
    private readonly engine: QuoteEngine,
    private readonly journal: QuoteJournal,
    private readonly everyMs = 0,
  ) {
    const slots = engine.optionCount * engine.sizes.length;
    this.lastBid = new Float64Array(slots).fill(Number.NaN);
    this.lastAsk = new Float64Array(slots).fill(Number.NaN);
    this.lastLimits = new Array<string | null>(slots).fill('unpublished');
    this.lastTime = new Float64Array(slots).fill(-Infinity);
  }

  /** Journal every changed quote at the next publication, whatever the interval (after a fill). */
  journalAll(): void {
    this.everything = true;
  }

  /** Journal what changed; returns the published quotes. */
  publish(time: number, paramsId: number): JournalQuote[] {
    const { engine } = this;
    const Z = engine.sizes.length;
    const published: JournalQuote[] = [];
    const due = this.everything ? Infinity : time - this.everyMs;
    this.everything = false;
    for (let i = 0; i < engine.optionCount; i++) {
      for (let z = 0; z < Z; z++) {
        const slot = i * Z + z;
        const bid = engine.bid[slot]!;
        const ask = engine.ask[slot]!;
        const samePrices = Object.is(bid, this.lastBid[slot]) && Object.is(ask, this.lastAsk[slot]);
        // A quoted side has no limit: with both prices unchanged and quoted, nothing changed.
        const quoted = !Number.isNaN(bid) && !Number.isNaN(ask);
        if (samePrices && quoted) continue;
        // Quoted both sides now and before: no suppression changed, only prices; held until due.
        if (quoted && this.lastTime[slot]! > due && !Number.isNaN(this.lastBid[slot]!) && !Number.isNaN(this.lastAsk[slot]!)) continue;
        const view = engine.view(i, z);
        const limits = `${view.limits.bid}|${view.limits.ask}`;
        if (limits === this.lastLimits[slot] && (samePrices || this.lastTime[slot]! > due)) continue;
        this.lastTime[slot] = time;
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

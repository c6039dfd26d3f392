/**
 * The hedge panel's view of the core: the current suggestions and each coin's delta band (asked
 * for when the panel opens, and while it is open after every fill and every market move that takes
 * a coin's delta across its band; on demand; never on a timer, since each answer is stored) and
 * the recent answers, with the trader's accept and dismiss.
 */
import type { DeskApi } from '../../shared/contract/api';
import type { ResponseOf } from '../../shared/contract/channels';
import type { DeltaBand, Fill, HedgeAnswer, HedgeSuggestion } from '../../shared/contract/schemas';
import type { FillEntry } from './fill-entry';
import { LatestFetch } from './latest';

export class HedgesState {
  suggestions = $state<HedgeSuggestion[]>([]);
  bands = $state.raw<DeltaBand[]>([]);
  asOf = $state<number | null>(null);
  message = $state<string | null>(null);
  recent = $state<HedgeAnswer[]>([]);
  /** The suggestion whose fill form is open, and the one whose dismissal reason is being typed. */
  accepting = $state<HedgeSuggestion | null>(null);
  dismissing = $state<number | null>(null);
  error = $state<string | null>(null);
  private visible = false;
  /** A refresh asked for while the trader was answering a suggestion: done when the answer is. */
  private pending = false;
  private readonly suggest: LatestFetch<[ResponseOf<'hedges.suggest'>, HedgeAnswer[]]>;

  constructor(private readonly api: DeskApi) {
    this.suggest = new LatestFetch(
      () => Promise.all([api.invoke('hedges.suggest', {}), api.invoke('hedges.recent', { limit: 20 })]),
      ([{ asOf, suggestions, bands, message }, recent]) => {
        // Answered while the trader was answering a suggestion: asked again once the answer is in.
        if (this.accepting !== null || this.dismissing !== null) return void (this.pending = true);
        this.suggestions = suggestions;
        this.bands = bands;
        this.asOf = asOf;
        this.message = message;
        this.recent = recent;
        this.error = null;
      },
      (error) => (this.error = error instanceof Error ? error.message : String(error)),
    );
    // After every fill, and every move that takes a coin's delta across its band.
    const askAgain = () => {
      if (this.visible) this.suggest.request();
    };
    api.on('fills.added', askAgain);
    api.on('hedges.bands', askAgain);
  }

  show(visible: boolean): void {
    this.visible = visible;
    if (visible) this.refresh();
  }

  /**
   * New suggestions (each asking stores a fresh set). Held while the trader is answering one, so
   * a fill arriving meanwhile does not pull the suggestion from under the form.
   */
  refresh(): void {
    if (this.accepting !== null || this.dismissing !== null) this.pending = true;
    else this.suggest.request();
  }

  /** Open (or close, with null) the fill form of a suggestion. */
  startAccepting(suggestion: HedgeSuggestion | null): void {
    this.accepting = suggestion;
    this.released();
  }

  /** Start (or stop, with null) typing a dismissal reason for a suggestion. */
  startDismissing(id: number | null): void {
    this.dismissing = id;
    this.released();
  }

  private released(): void {
    if (this.accepting !== null || this.dismissing !== null || !this.pending) return;
    this.pending = false;
    this.suggest.request();
  }

  /** What the trader did for the suggestion being accepted, recorded as its hedge fill. */
  async accept(entry: FillEntry): Promise<Fill> {
    const suggestion = this.accepting;
    if (!suggestion) throw new Error('no suggestion is being accepted');
    const { fill } = await this.api.invoke('hedges.accept', { suggestionId: suggestion.id, ...entry });
    this.pending = true;
    this.startAccepting(null);
    return fill;
  }

  async dismiss(suggestion: HedgeSuggestion, reason: string): Promise<void> {
    try {
      await this.api.invoke('hedges.dismiss', { suggestionId: suggestion.id, ...(reason.trim() ? { reason } : {}) });
      this.pending = true;
      this.startDismissing(null);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}

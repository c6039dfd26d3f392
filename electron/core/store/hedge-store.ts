/**
 * Hedge suggestions as the desk made them, and the trader's answer to each: accepted, with the
 * hedge fill that records what was actually done (stored in the same transaction, so a fill is
 * never without its link nor a link without its fill), or dismissed with a reason. A suggestion
 * is answered once.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { HedgeAnswer, HedgeSuggestion } from '../../../shared/contract/schemas';
import type { HedgeSuggestion as Suggested } from '../hedge/suggestion';
import type { FillStore, FillToStore, StoredFill } from './fill-store';

interface SuggestionRow {
  id: number;
  created_ms: number;
  kind: HedgeSuggestion['kind'];
  instrument: string;
  side: HedgeSuggestion['side'];
  size: number;
  price: number;
  cost: number;
  risk_before: number;
  risk_after: number;
  fill_id: number | null;
  dismissed_ms: number | null;
}

const toSuggestion = (row: SuggestionRow): HedgeSuggestion => ({
  id: row.id,
  created: row.created_ms,
  kind: row.kind,
  instrument: row.instrument,
  side: row.side,
  size: row.size,
  price: row.price,
  cost: row.cost,
  riskBefore: row.risk_before,
  riskAfter: row.risk_after,
  status: row.fill_id !== null ? 'accepted' : row.dismissed_ms !== null ? 'dismissed' : 'open',
  fillId: row.fill_id,
});

/** A suggestion that does not exist, or was already answered. */
export class HedgeAnswerError extends Error {
  constructor(
    message: string,
    readonly reason: 'unknown' | 'answered',
  ) {
    super(message);
    this.name = 'HedgeAnswerError';
  }
}

/** What was actually done: a fill, its instrument and side defaulting to the suggestion's. */
export type HedgeDone = Omit<FillToStore, 'instrument' | 'side' | 'source'> & Partial<Pick<FillToStore, 'instrument' | 'side'>>;

export class HedgeStore {
  private readonly insert: Statement;
  private readonly select: Statement<[number], SuggestionRow>;
  private readonly selectBetween: Statement<[number, number, number], SuggestionRow>;
  private readonly link: Statement<[number, number, number]>;
  private readonly dismissal: Statement<[number, number, string | null]>;
  private readonly answered: Statement<[number], SuggestionRow & { answered_ms: number; reason: string | null }>;

  constructor(
    private readonly db: Database,
    private readonly fills: FillStore,
  ) {
    this.insert = db.prepare(
      `INSERT INTO hedge_suggestions (created_ms, kind, instrument, side, size, price, cost, risk_before, risk_after)
       VALUES (@created, @kind, @instrument, @side, @size, @price, @cost, @riskBefore, @riskAfter)`,
    );
    const answered = `SELECT s.*, a.fill_id, d.dismissed_ms FROM hedge_suggestions s
       LEFT JOIN hedge_acceptances a ON a.suggestion_id = s.id
       LEFT JOIN hedge_dismissals d ON d.suggestion_id = s.id`;
    this.select = db.prepare(`${answered} WHERE s.id = ?`);
    this.selectBetween = db.prepare(`${answered} WHERE s.created_ms >= ? AND s.created_ms < ? ORDER BY s.created_ms, s.id LIMIT ?`);
    this.link = db.prepare('INSERT INTO hedge_acceptances (suggestion_id, fill_id, accepted_ms) VALUES (?, ?, ?)');
    this.dismissal = db.prepare('INSERT INTO hedge_dismissals (suggestion_id, dismissed_ms, reason) VALUES (?, ?, ?)');
    this.answered = db.prepare(
      `SELECT s.*, a.fill_id, d.dismissed_ms, coalesce(a.accepted_ms, d.dismissed_ms) AS answered_ms, d.reason FROM hedge_suggestions s
       LEFT JOIN hedge_acceptances a ON a.suggestion_id = s.id
       LEFT JOIN hedge_dismissals d ON d.suggestion_id = s.id
       WHERE a.suggestion_id IS NOT NULL OR d.suggestion_id IS NOT NULL
       ORDER BY answered_ms DESC, s.id DESC LIMIT ?`,
    );
  }

  /** The latest answered suggestions, newest first: what was done (the hedge fill) or why not. */
  recent(limit: number): HedgeAnswer[] {
    return this.answered.all(limit).map((row) => ({
      suggestion: toSuggestion(row),
      answeredAt: row.answered_ms,
      reason: row.reason,
      fill: row.fill_id === null ? null : this.fills.get(row.fill_id),
    }));
  }

  /** Store a batch of suggestions made at `created`, in order. */
  save(suggestions: readonly Suggested[], created: number): HedgeSuggestion[] {
    return this.db.transaction(() =>
      suggestions.map((suggestion) => this.get(Number(this.insert.run({ ...suggestion, created }).lastInsertRowid))!),
    )();
  }

  get(id: number): HedgeSuggestion | null {
    const row = this.select.get(id);
    return row ? toSuggestion(row) : null;
  }

  /** Suggestions made in [from, to), oldest first, with what became of each. */
  between(from: number, to: number, limit: number): HedgeSuggestion[] {
    return this.selectBetween.all(from, to, limit).map(toSuggestion);
  }

  /** Record the fill the trader did for suggestion `id` (its instrument and side unless edited), linked to it. */
  accept(id: number, done: HedgeDone, at: number): { suggestion: HedgeSuggestion; stored: StoredFill } {
    return this.db.transaction(() => {
      const suggestion = this.open(id);
      const { instrument = suggestion.instrument, side = suggestion.side, ...rest } = done;
      const stored = this.fills.add({ ...rest, instrument, side, source: 'hedge' }, at);
      this.link.run(id, stored.fill.id, at);
      return { suggestion: this.get(id)!, stored };
    }).immediate();
  }

  dismiss(id: number, reason: string | null, at: number): HedgeSuggestion {
    return this.db.transaction(() => {
      this.open(id);
      this.dismissal.run(id, at, reason);
      return this.get(id)!;
    }).immediate();
  }

  private open(id: number): HedgeSuggestion {
    const suggestion = this.get(id);
    if (!suggestion) throw new HedgeAnswerError(`no hedge suggestion ${id}`, 'unknown');
    if (suggestion.status !== 'open') throw new HedgeAnswerError(`hedge suggestion ${id} is already ${suggestion.status}`, 'answered');
    return suggestion;
  }
}


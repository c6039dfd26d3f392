/**
 * Fills from outside the desk (a file, a venue) checked as a batch before anything is stored:
 * each through the contract's NewFill schema, its problems kept by line (every line's, not just the
 * first), a trade id seen twice in one batch refused, and the rest ordered by execution time so
 * positions fold in the order the trades happened (the venue's exports list the newest first).
 */
import { NewFill } from '../../../shared/contract/schemas';
import type { FillToStore } from '../store/fill-store';
import { MAX_PROBLEMS, type ImportProblem } from '../store/history-import';

/** One fill as read from its source, before validation. */
export interface FillCandidate {
  /** 1-based line of the source (the trade's position in a venue's answer). */
  line: number;
  /** Breaks ties between fills of the same millisecond: the source's own sequence. */
  order: number;
  /** The contract's NewFill fields. */
  fill: Record<string, unknown>;
}

export class FillBatch {
  readonly problems: ImportProblem[] = [];
  /** Rows that are not fills (deposits, settlements, ...), counted by their kind. */
  readonly skipped: Record<string, number> = {};
  private readonly candidates: FillCandidate[] = [];

  /** `source` names where the lines come from in every problem (a file name, a venue). */
  constructor(readonly source: string) {}

  problem(line: number, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ table: this.source, line, message });
  }

  skip(kind: string): void {
    this.skipped[kind] = (this.skipped[kind] ?? 0) + 1;
  }

  add(candidate: FillCandidate): void {
    this.candidates.push(candidate);
  }

  /** The valid fills in time order, as imports ('import' source); problems recorded for the rest. */
  fills(): FillToStore[] {
    const valid: { fill: FillToStore; order: number }[] = [];
    const seen = new Map<string, number>();
    for (const { line, order, fill } of this.candidates) {
      fill.source = 'import';
      const parsed = NewFill.safeParse(fill);
      if (!parsed.success) {
        this.problem(line, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'fill'}: ${issue.message}`).join('; '));
        continue;
      }
      const checked = parsed.data;
      if (checked.time === undefined) {
        this.problem(line, 'time: an imported fill needs its execution time');
        continue;
      }
      if (checked.venueTradeId) {
        const key = `${checked.venue}\u0000${checked.venueTradeId}`;
        const first = seen.get(key);
        if (first !== undefined) {
          this.problem(line, `trade id ${checked.venueTradeId} is already on line ${first}`);
          continue;
        }
        seen.set(key, line);
      }
      valid.push({ fill: checked as FillToStore, order });
    }
    this.problems.sort((a, b) => a.line - b.line); // read problems and schema problems, in the file's order
    return valid.sort((a, b) => a.fill.time - b.fill.time || a.order - b.order).map((entry) => entry.fill);
  }
}

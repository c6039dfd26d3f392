/**
 * The simulated perpetuals, one per coin: mark = index x (1 + premium), the premium from the
 * dynamics (an OU around a small positive mean), funding from the premium (terms.ts), and a thin
 * book of a few levels around the mark on the contract's tick.
 */
import { formatInstrument, type PerpetualInstrument } from '../../../../shared/domain/instrument';
import { tickLadder, type TickLadder } from '../../../../shared/domain/venue-rules';
import { BookTable, writeBook, type BookInput } from './book';
import type { CoinTerms } from './terms';

export class Perpetuals {
  readonly instruments: PerpetualInstrument[];
  readonly books: BookTable;
  readonly mark: Float64Array;
  private readonly ladders: TickLadder[];
  private readonly input: BookInput = { bid: 0, ask: 0, gap: 0, ladder: [], size: 0, minAmount: 1 };

  constructor(
    bases: readonly string[],
    private readonly terms: readonly CoinTerms[],
    levels: number,
  ) {
    this.instruments = bases.map((base, c) => {
      const spec = { kind: 'perpetual', base, settlement: terms[c]!.perpSettlement } as const;
      return { ...spec, name: formatInstrument(spec) };
    });
    this.ladders = terms.map((t) => tickLadder([{ from: 0, tick: t.perpTick }]));
    this.books = new BookTable(bases.length, levels);
    this.mark = new Float64Array(bases.length);
  }

  /** Reprice coin c's perpetual; returns whether its book changed. */
  update(c: number, index: number, premium: number, spreadMultiplier: number, depthMultiplier: number): boolean {
    const terms = this.terms[c]!;
    const mark = index * (1 + premium);
    this.mark[c] = mark;
    const half = mark * terms.perpHalfSpread * spreadMultiplier;
    const input = this.input;
    input.bid = mark - half;
    input.ask = mark + half;
    input.gap = Math.max(half, terms.perpTick);
    input.ladder = this.ladders[c]!;
    input.size = terms.perpLevelSize * depthMultiplier;
    input.minAmount = terms.perpMinAmount;
    return writeBook(this.books, c, input);
  }
}

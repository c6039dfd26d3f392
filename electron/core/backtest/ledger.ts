/**
 * A backtest's books in USD: the options held, marked to the source's marks each step, and every
 * fill booked against them. What it keeps adds up exactly:
 *   total     = spread + inventory + hedge + hedgeCost + fees
 *   spread    = (mark - price) x size at each fill, dealer side signed
 *             = sum over the premium terms of what each earned (term x size: a bid is theo less
 *               its terms, an ask theo plus them) + theoVsMark ((mark - theo) x size: where the
 *               engine's theo on its surface stood from the mark)
 *   inventory = the held options' mark-to-market after their fills
 *             = delta + gamma + vega + theta (Taylor on Black-76 greeks at the step's start,
 *               risk/explain.ts, in USD) + residual (cross and higher orders, and a mark that
 *               is not Black-76 at its own IV)
 * Markouts of the fills: (mark h later - fill price) x size, per horizon.
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import { optionFee } from '../../../shared/domain/venue-rules';
import type { Term } from '../premium/quote-engine';
import { TERMS } from '../premium/quote-engine';
import { explainPosition } from '../risk/explain';
import { markUsd, usdPerPrice, type OptionMark } from './market-source';
import type { QuoteSnapshot } from './quote-schedule';

export interface PnlAttribution {
  spread: number;
  inventory: number;
  hedge: number;
  hedgeCost: number;
  fees: number;
  total: number;
}

export interface GreekAttribution {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  residual: number;
}

export type TermAttribution = Record<Term, number> & { theoVsMark: number };

export interface Markout {
  horizonMs: number;
  /** Fills whose horizon ended inside the run. */
  fills: number;
  /** USD, dealer's side: positive when the mark moved the dealer's way. */
  total: number;
  mean: number;
}

/** 1 s to 5 minutes: MODEL.md's markout horizons. */
export const MARKOUT_HORIZONS_MS = [1_000, 10_000, 60_000, 300_000] as const;

interface BookedFill {
  i: number;
  size: number;
  priceUsd: number;
  time: number;
}

export class Ledger {
  readonly pnl: PnlAttribution = { spread: 0, inventory: 0, hedge: 0, hedgeCost: 0, fees: 0, total: 0 };
  readonly greeks: GreekAttribution = { delta: 0, gamma: 0, vega: 0, theta: 0, residual: 0 };
  readonly terms = Object.fromEntries([...TERMS, 'theoVsMark'].map((term) => [term, 0])) as TermAttribution;
  fills = 0;
  informedFills = 0;
  contracts = 0;
  /** Cash of the option fills (USD at each fill's forward): with the book's value, an independent total. */
  cash = 0;
  /** Held contracts and the mark they were last valued at, per option. */
  readonly held = new Map<number, number>();
  private readonly marked = new Map<number, OptionMark>();
  private readonly booked: BookedFill[] = [];
  private readonly markoutAt = MARKOUT_HORIZONS_MS.map(() => 0);
  private readonly markoutSum = MARKOUT_HORIZONS_MS.map(() => 0);

  constructor(
    private readonly options: readonly OptionInstrument[],
    private readonly mark: (i: number) => OptionMark | null,
  ) {}

  /** Mark the held options to now (before the step's fills join them); an option without a mark keeps its last. */
  markInventory(): void {
    const { greeks } = this;
    for (const [i, size] of this.held) {
      const to = this.mark(i);
      const from = this.marked.get(i)!;
      if (!to) continue;
      const option = this.options[i]!;
      const actual = size * (markUsd(option, to) - markUsd(option, from));
      const parts = explainPosition(option, size, { forward: from.forward, vol: from.iv, T: from.years }, { forward: to.forward, vol: to.iv, T: to.years }, 0, 'usd');
      greeks.delta += parts.delta;
      greeks.gamma += parts.gamma;
      greeks.vega += parts.vega;
      greeks.theta += parts.theta;
      greeks.residual += actual - parts.delta - parts.gamma - parts.vega - parts.theta;
      this.pnl.inventory += actual;
      this.marked.set(i, to);
    }
  }

  /**
   * Book a fill of the dealer (size signed, + bought) at `price` against the quotes it hit; false
   * when the option has no mark yet (nothing to value it on: the fill is not taken).
   */
  fill(i: number, size: number, price: number, snapshot: QuoteSnapshot, time: number, informed: boolean): boolean {
    const mark = this.mark(i);
    if (!mark) return false;
    const option = this.options[i]!;
    const toUsd = usdPerPrice(option, mark.forward);
    const value = markUsd(option, mark);
    this.pnl.spread += size * (value - price * toUsd);
    this.terms.theoVsMark += size * (value - snapshot.theo[i]! * toUsd);
    const side = size > 0 ? 'bid' : 'ask';
    for (let t = 0; t < TERMS.length; t++) this.terms[TERMS[t]!] += Math.abs(size) * snapshot.term(i, side, t) * toUsd;
    this.pnl.fees -= Math.abs(size) * optionFee(option, mark.forward, price) * toUsd;
    this.cash -= size * price * toUsd;
    const held = (this.held.get(i) ?? 0) + size;
    if (held === 0) {
      this.held.delete(i);
      this.marked.delete(i);
    } else {
      this.held.set(i, held);
      this.marked.set(i, mark);
    }
    this.booked.push({ i, size, priceUsd: price * toUsd, time });
    this.fills++;
    this.contracts += Math.abs(size);
    if (informed) this.informedFills++;
    return true;
  }

  /** Markouts whose horizon has passed by `now`, at the marks of now. */
  markouts(now: number): void {
    MARKOUT_HORIZONS_MS.forEach((horizon, h) => {
      for (; this.markoutAt[h]! < this.booked.length; this.markoutAt[h]!++) {
        const fill = this.booked[this.markoutAt[h]!]!;
        if (fill.time + horizon > now) break;
        const mark = this.mark(fill.i)!;
        this.markoutSum[h]! += fill.size * (markUsd(this.options[fill.i]!, mark) - fill.priceUsd);
      }
    });
  }

  markoutSummary(): Markout[] {
    return MARKOUT_HORIZONS_MS.map((horizonMs, h) => {
      const fills = this.markoutAt[h]!;
      return { horizonMs, fills, total: this.markoutSum[h]!, mean: fills > 0 ? this.markoutSum[h]! / fills : 0 };
    });
  }

  /** The held options at their last marks, USD. */
  bookValue(): number {
    let value = 0;
    for (const [i, size] of this.held) value += size * markUsd(this.options[i]!, this.marked.get(i)!);
    return value;
  }

  /** Sum the lines into the total. */
  close(): number {
    const p = this.pnl;
    p.total = p.spread + p.inventory + p.hedge + p.hedgeCost + p.fees;
    return p.total;
  }
}

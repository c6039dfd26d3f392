/**
 * The intensity fill model on a recording: client orders against the dealer's quotes at
 * lambda(delta) = A exp(-k delta) per side, delta the dealer's distance from the recorded mark in
 * vol points, with the calibrated A, k of the option's bucket from the parameters
 * (`calibrate-premium` fits them from a recording's prints). A is a bucket's prints per day, both
 * sides, pooled over its options (calibration/intensity.ts), so one option's side draws
 * A / (2 x options of the bucket quoted). Orders are the quoted size; seeded, so a path repeats.
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import type { ClientOrder } from '../market/sim/flow';
import { Rng } from '../market/sim/random';
import { FactorSpace } from '../premium/factors';
import type { PremiumParams } from '../premium/params';
import { black76, Valuation } from '../pricing/black76';
import type { OptionMark } from './market-source';
import type { QuoteSnapshot } from './quote-schedule';

const MS_PER_DAY = 86_400_000;
/** A client's sides, one array for every quote and step. */
const SIDES = ['buy', 'sell'] as const;

export class RecordedFlow {
  private readonly rng: Rng;
  private readonly A: Float64Array;
  private readonly k: Float64Array;
  private readonly valuation = new Valuation();

  constructor(
    params: PremiumParams,
    private readonly options: readonly OptionInstrument[],
    start: number,
    seed: number,
    /** Option i's mark now, read at once and not kept (the source may write every mark into one object). */
    private readonly mark: (i: number) => OptionMark | null,
  ) {
    this.rng = new Rng(seed, 7);
    const space = new FactorSpace(params);
    const keys = options.map((option) => space.bucketKey(space.coinIndex(option.base), space.bucketOf((option.expiry - start) / (365 * MS_PER_DAY))));
    const perBucket = new Map<string, number>();
    for (const key of keys) perBucket.set(key, (perBucket.get(key) ?? 0) + 1);
    this.A = Float64Array.from(keys, (key) => (params.bucketIntensity[key] ?? params.intensity).A / (2 * perBucket.get(key)!));
    this.k = Float64Array.from(keys, (key) => (params.bucketIntensity[key] ?? params.intensity).k);
  }

  /** Client orders over the last `windowMs` against the quotes in effect (option i's at i, `amount[i]` contracts a side). */
  orders(quotes: QuoteSnapshot, amount: Float64Array, windowMs: number, now: number): ClientOrder[] {
    const days = windowMs / MS_PER_DAY;
    const orders: ClientOrder[] = [];
    for (let i = 0; i < this.options.length; i++) {
      const bid = quotes.price(i, 'bid');
      const ask = quotes.price(i, 'ask');
      if (!(bid > 0 || ask > 0)) continue;
      const mark = this.mark(i);
      if (!mark || !(mark.years > 0 && mark.iv > 0)) continue;
      const option = this.options[i]!;
      const toPrice = option.settlement === 'inverse' ? 1 / mark.forward : 1;
      const vega = black76(this.valuation, option.optionType, mark.forward, option.strike, mark.years, mark.iv).vega * toPrice;
      if (!(vega > 0)) continue;
      for (const side of SIDES) {
        const price = side === 'buy' ? ask : bid;
        if (!(price > 0)) continue;
        const delta = (side === 'buy' ? price - mark.price : mark.price - price) / vega;
        for (let n = this.rng.poisson(this.A[i]! * Math.exp(-this.k[i]! * delta) * days); n > 0; n--) {
          orders.push({ time: now, instrument: option.name, side, price, amount: amount[i]!, informed: false });
        }
      }
    }
    return orders;
  }
}

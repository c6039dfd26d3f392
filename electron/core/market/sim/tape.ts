/**
 * Other participants' trades on the simulated venue (the public tape): per coin a Poisson stream
 * of prints, each on an option drawn by its share of interest (flow.ts's liquidityWeight, by
 * rejection), taking the best bid or ask of the simulated book with even odds, sized like client
 * orders and never more than the level shows.
 */
import type { SimChain } from './chain';
import { liquidityWeight } from './flow';
import type { Rng } from './random';

export interface TapeParams {
  /** Prints per hour per coin across its chain. */
  tradesPerHour: Readonly<Record<string, number>>;
}

/** Defaults: a print every 6 s on BTC, 9 s on ETH and 18 s on SOL options (Deribit's order of magnitude). */
export const DEFAULT_TAPE: TapeParams = { tradesPerHour: { BTC: 600, ETH: 400, SOL: 200 } };

/** Rejection draws before a print is given up (the acceptance rate is about 1 in 10). */
const MAX_DRAWS = 200;

export class VenueTape {
  private readonly rate: Float64Array;

  constructor(
    params: TapeParams,
    bases: readonly string[],
    private readonly rng: Rng,
    private readonly medianSize: Float64Array,
    private readonly sizeDispersion: number,
    private readonly minAmount: Float64Array,
  ) {
    this.rate = Float64Array.from(bases, (base) => {
      const rate = params.tradesPerHour[base];
      if (!(rate !== undefined && rate >= 0)) throw new Error(`sim tape: tradesPerHour for ${base} must be a number >= 0, got ${rate}`);
      return rate;
    });
  }

  /** The prints of one step of `stepMs`, passed to `print` in order. */
  draw(chain: SimChain, stepMs: number, print: (option: number, takerSide: 'buy' | 'sell', amount: number) => void): void {
    const { rng } = this;
    const hours = stepMs / 3_600_000;
    const levels = chain.books.levels;
    for (let c = 0; c < this.rate.length; c++) {
      const start = chain.coinStart[c]!;
      const count = chain.coinStart[c + 1]! - start;
      for (let n = rng.poisson(this.rate[c]! * hours); n > 0; n--) {
        const option = this.pick(chain, start, count);
        const buy = rng.uniform() < 0.5;
        const size = this.medianSize[c]! * Math.exp(this.sizeDispersion * rng.normal());
        if (option < 0) continue;
        const depth = buy ? chain.books.askDepth[option]! : chain.books.bidDepth[option]!;
        if (depth === 0) continue;
        const shown = buy ? chain.books.askSize[option * levels]! : chain.books.bidSize[option * levels]!;
        const step = this.minAmount[c]!;
        print(option, buy ? 'buy' : 'sell', Math.min(shown, Math.max(step, Math.round(size / step) * step)));
      }
    }
  }

  private pick(chain: SimChain, start: number, count: number): number {
    for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
      const option = start + Math.floor(this.rng.uniform() * count);
      const e = chain.expiryOf[option]!;
      const z = Math.log(chain.strike[option]! / chain.forward[e]!) / Math.sqrt(chain.atmVariance[e]!);
      if (this.rng.uniform() < liquidityWeight(z, chain.years[e]!)) return option;
    }
    return -1;
  }
}

/**
 * The listed option chains of every simulated coin as flat arrays (one slot per option, one per
 * expiry), with the per-step state the market writes into them: fair value, vols, greeks and
 * books. Built at the start and again whenever an expiry passes; the step loop only overwrites.
 */
import type { OptionInstrument, Settlement } from '../../../../shared/domain/instrument';
import { yearsBetween } from '../../../../shared/domain/time';
import { contractSize } from '../../../../shared/domain/venue-rules';
import type { SviParams } from '../../surface/svi';
import { BookTable } from './book';
import { listExpiries, optionsOf, strikeGrid, type ListingParams } from './listing';

export interface ChainCoin {
  base: string;
  settlement: Settlement;
  /** Today's forward for `years` ahead, and the coin's normal vol: they size a new expiry's strike grid. */
  forward(years: number): number;
  vol: number;
}

export class SimChain {
  readonly options: OptionInstrument[] = [];
  readonly index = new Map<string, number>();
  /** Per option; each coin's options are contiguous, from coinStart[c] to coinStart[c + 1]. */
  readonly coin: Uint8Array;
  readonly coinStart: Uint32Array;
  readonly expiryOf: Uint16Array;
  readonly strike: Float64Array;
  readonly isCall: Uint8Array;
  /** Coins per contract of a linear option; 0 for an inverse one (priced in coin, per coin). */
  readonly linearContract: Float64Array;
  readonly fair: Float64Array;
  readonly markIv: Float64Array;
  /** Vega per vol point and Black-Scholes delta, in the option's price currency. */
  readonly vega: Float64Array;
  readonly delta: Float64Array;
  /** Implied vols of the best bid and ask; NaN where the side is empty or has no implied vol. */
  readonly bidIv: Float64Array;
  readonly askIv: Float64Array;
  readonly books: BookTable;
  /** Per expiry (coin, then date). */
  readonly expiryCoin: Uint8Array;
  readonly expiryTime: Float64Array;
  readonly years: Float64Array;
  readonly forward: Float64Array;
  readonly atmVariance: Float64Array;
  readonly spreadFactor: Float64Array;
  readonly slices: SviParams[];
  /** The earliest expiry: the chain must be rebuilt once time reaches it. */
  readonly nextExpiry: number;

  constructor(
    coins: readonly ChainCoin[],
    now: number,
    listing: ListingParams,
    levels: number,
    /** Strike grids already listed, by `${base}:${expiry}`; new expiries are added, passed ones dropped. */
    listedStrikes: Map<string, number[]>,
  ) {
    const expiries = listExpiries(now, listing);
    const live = new Set<string>();
    const expiryCoin: number[] = [];
    const expiryTime: number[] = [];
    const optionExpiry: number[] = [];
    const coinStart = [0];
    coins.forEach((coin, c) => {
      for (const expiry of expiries) {
        const key = `${coin.base}:${expiry}`;
        live.add(key);
        let strikes = listedStrikes.get(key);
        if (!strikes) {
          const years = yearsBetween(now, expiry);
          strikes = strikeGrid(coin.forward(years), coin.vol, years, listing);
          listedStrikes.set(key, strikes);
        }
        const e = expiryTime.length;
        expiryCoin.push(c);
        expiryTime.push(expiry);
        for (const option of optionsOf(coin.base, coin.settlement, expiry, strikes)) {
          this.index.set(option.name, this.options.length);
          this.options.push(option);
          optionExpiry.push(e);
        }
      }
      coinStart.push(this.options.length);
    });
    for (const key of listedStrikes.keys()) if (!live.has(key)) listedStrikes.delete(key);

    const n = this.options.length;
    this.coin = Uint8Array.from(optionExpiry, (e) => expiryCoin[e]!);
    this.coinStart = Uint32Array.from(coinStart);
    this.expiryOf = Uint16Array.from(optionExpiry);
    this.strike = Float64Array.from(this.options, (o) => o.strike);
    this.isCall = Uint8Array.from(this.options, (o) => (o.optionType === 'call' ? 1 : 0));
    this.linearContract = Float64Array.from(this.options, (o) => (o.settlement !== 'inverse' ? contractSize(o) : 0));
    this.fair = new Float64Array(n);
    this.markIv = new Float64Array(n);
    this.vega = new Float64Array(n);
    this.delta = new Float64Array(n);
    this.bidIv = new Float64Array(n);
    this.askIv = new Float64Array(n);
    this.books = new BookTable(n, levels);

    const m = expiryTime.length;
    this.expiryCoin = Uint8Array.from(expiryCoin);
    this.expiryTime = Float64Array.from(expiryTime);
    this.years = new Float64Array(m);
    this.forward = new Float64Array(m);
    this.atmVariance = new Float64Array(m);
    this.spreadFactor = new Float64Array(m);
    this.slices = Array.from({ length: m }, () => ({ a: 0, b: 0, rho: 0, m: 0, sigma: 0 }));
    this.nextExpiry = expiries[0]!;
  }

  get size(): number {
    return this.options.length;
  }

  /** USD value to option i's price currency: coin for inverse options (value / F, MODEL.md), USDC per contract for linear ones. */
  priceScale(i: number, forward: number): number {
    const contract = this.linearContract[i]!;
    return contract > 0 ? contract : 1 / forward;
  }
}

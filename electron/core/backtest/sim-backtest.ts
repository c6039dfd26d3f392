/**
 * An event-driven backtest with the real engine in the loop (issue 9): the embedded simulator
 * moves spot, vol and books; the desk's LiveQuotes prices every option with the premium engine
 * on the simulator's surfaces; the simulator's client flow (intensity A exp(-k delta), an informed
 * share trading ahead of moves) hits those quotes; fills move the engine's book; the delta is
 * hedged in the perpetual each step at the parameters' hedge cost. Everything is marked to the
 * simulator's fair values, so P&L splits exactly into:
 *   spread    (fair - price) x size at each fill, dealer side signed: what quoting earned up front
 *   inventory the options' mark-to-market after their fills
 *   hedge     the perpetual hedge's P&L, and its cost
 *   fees      the venue's option fees the dealer paid
 * all in USD (inverse options' coin amounts at the expiry's forward). Deterministic for a seed.
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import { optionFee } from '../../../shared/domain/venue-rules';
import type { ManualClock } from '../clock';
import type { InstrumentHealth } from '../market/feed-health';
import { MarketState } from '../market/market-state';
import type { DealerQuote } from '../market/sim/dealer-quote';
import type { ListingParams } from '../market/sim/listing';
import { SimMarket } from '../market/sim/market';
import { LiveQuotes } from '../premium/live-quotes';
import type { PremiumParams } from '../premium/params';
import { VolSurface } from '../surface/vol-surface';
import type { BacktestSummary } from '../../../shared/contract/backtest';

export interface SimBacktestConfig {
  seed: number;
  start: number;
  /** Simulated duration. */
  hours: number;
  params: PremiumParams;
  clock: ManualClock;
  listing?: ListingParams;
  stepMs?: number;
  /** How often the surfaces (and so every option's theo) are refreshed (default 10 s). */
  revalueMs?: number;
  /** Hedge the book's delta in the perpetuals every step (default true). */
  hedge?: boolean;
  onProgress?: (done: number) => void;
}

export interface PnlAttribution {
  spread: number;
  inventory: number;
  hedge: number;
  hedgeCost: number;
  fees: number;
  total: number;
}

export interface SimBacktestResult {
  attribution: PnlAttribution;
  fills: number;
  /** Fills from the simulator's informed clients (its own label; a venue never says). */
  informedFills: number;
  contracts: number;
  /** Cash from the option fills (USD at each fill's forward) and the book's final value at fair: an independent total. */
  cash: number;
  finalValue: number;
  /** Total P&L sampled each step, for drawdown and charts. */
  path: { time: number; pnl: number }[];
  maxDrawdown: number;
}

const HEALTHY: InstrumentHealth = { stale: false };

/** Where a configured run's simulated time starts: one date, so runs of one seed see the same market. */
export const BACKTEST_START = Date.UTC(2026, 0, 14, 12);

/** What a run earned and how, as the desk and the CLI report it. */
export function summaryOf(run: SimBacktestResult): BacktestSummary {
  const { attribution: a } = run;
  return {
    pnl: a.total,
    spread: a.spread,
    inventory: a.inventory,
    hedge: a.hedge,
    hedgeCost: a.hedgeCost,
    fees: a.fees,
    fills: run.fills,
    informedFills: run.informedFills,
    contracts: run.contracts,
    maxDrawdown: run.maxDrawdown,
  };
}

/**
 * The comparison strategy: the same engine quoting theo +/- GLFT's base half-spread, fee and ticks
 * only (risk aversion to nothing, no adverse, liquidity, holding or tail premium): what a desk
 * without the inventory premium would quote.
 */
export function symmetricParams(params: PremiumParams): PremiumParams {
  const zero = Object.fromEntries(params.underlyings.map((coin) => [coin, 0]));
  return { ...params, riskAversion: 1e-12, adversePriorVolPts: 0, markouts: {}, impactY: 1e-12, hedgeCost: params.hedgeCost, funding: zero, capitalRate: 0, tailPrice: 0 };
}

/** The ladder rung a coin's clients trade: the smallest at or above their median order. */
function quotedRung(sizes: readonly number[], median: number): number {
  const index = sizes.findIndex((size) => size >= median);
  return index >= 0 ? index : sizes.length - 1;
}

export function runSimBacktest(config: SimBacktestConfig): SimBacktestResult {
  const stepMs = config.stepMs ?? 1_000;
  const revalueMs = config.revalueMs ?? 10_000;
  const market = new SimMarket({ seed: config.seed, start: config.start, stepMs, ...(config.listing ? { listing: config.listing } : {}) });
  const { clock, params } = config;
  clock.set(market.time);
  // The options that live through the whole run: expiries inside it would need settlement, not marks.
  const end = config.start + config.hours * 3_600_000;
  const options: readonly OptionInstrument[] = market.options().filter((option) => option.expiry > end);
  const live = new LiveQuotes({ clock, params: { id: 0, created: config.start, source: 'file', note: null, params }, journal: null, retimeMs: revalueMs }, options, new Map());
  const state = new MarketState();
  const medianSize: Record<string, number> = { BTC: 2, ETH: 20, SOL: 100 };
  const rung = Object.fromEntries(['BTC', 'ETH', 'SOL'].map((coin) => [coin, quotedRung(params.sizes, medianSize[coin]!)]));

  const surfaces = new Map<string, VolSurface>();
  let surfacesAt = -Infinity;
  const surfaceOf = (base: string) => surfaces.get(base) ?? null;
  const refreshSurfaces = () => {
    for (const coin of ['BTC', 'ETH', 'SOL']) {
      surfaces.set(coin, new VolSurface(market.slices(coin).map(({ expiry, years, forward, params: svi }) => ({ expiry, T: years, forward, svi }))));
    }
    surfacesAt = market.time;
  };

  const held = new Map<string, number>();
  const hedgeUsd = new Map<string, number>(); // perpetual hedge, USD notional per coin
  const attribution: PnlAttribution = { spread: 0, inventory: 0, hedge: 0, hedgeCost: 0, fees: 0, total: 0 };
  let fills = 0;
  let informedFills = 0;
  let contracts = 0;
  let cash = 0;
  const path: { time: number; pnl: number }[] = [];

  /** USD value of one contract at the simulator's fair value (coin premium x forward for inverse options). */
  const fairUsd = (instrument: OptionInstrument): number => {
    const fair = market.fairValue(instrument.name);
    return instrument.settlement === 'inverse' ? fair.price * fair.forward : fair.price;
  };
  const byName = new Map(options.map((o) => [o.name, o]));
  const bookValue = () => {
    let value = 0;
    for (const [name, size] of held) value += size * fairUsd(byName.get(name)!);
    return value;
  };

  const steps = Math.round((config.hours * 3_600_000) / stepMs);
  let lastValue = 0;
  const lastIndex = new Map(['BTC', 'ETH', 'SOL'].map((coin) => [coin, market.index(coin)]));
  for (let step = 0; step < steps; step++) {
    if (market.time - surfacesAt >= revalueMs) refreshSurfaces();
    clock.set(market.time);
    live.refresh(state, () => HEALTHY, surfaceOf);

    const quotes: DealerQuote[] = [];
    const { engine } = live;
    options.forEach((option, i) => {
      const z = rung[option.base]!;
      const slot = i * params.sizes.length + z; // the engine's quote arrays: option-major, then size
      const amount = params.sizes[z]!;
      const [bidPrice, askPrice] = [engine.bid[slot]!, engine.ask[slot]!];
      const bid = bidPrice > 0 ? { price: bidPrice, amount } : undefined;
      const ask = askPrice > 0 ? { price: askPrice, amount } : undefined;
      if (bid || ask) quotes.push({ instrument: option.name, ...(bid ? { bid } : {}), ...(ask ? { ask } : {}) });
    });
    market.advance(stepMs);

    // The hedge and the book are marked over the step before the new fills join them.
    for (const coin of ['BTC', 'ETH', 'SOL']) {
      const index = market.index(coin);
      attribution.hedge += (hedgeUsd.get(coin) ?? 0) * (index / lastIndex.get(coin)! - 1);
      lastIndex.set(coin, index);
    }
    const valueAfterMove = bookValue();
    attribution.inventory += valueAfterMove - lastValue;

    for (const order of market.clientOrders(quotes, stepMs)) {
      const instrument = byName.get(order.instrument)!;
      const dealerSize = order.side === 'buy' ? -order.amount : order.amount;
      const fair = market.fairValue(instrument.name);
      const usdPerPrice = instrument.settlement === 'inverse' ? fair.forward : 1;
      attribution.spread += dealerSize * (fair.price - order.price) * usdPerPrice;
      cash -= dealerSize * order.price * usdPerPrice;
      attribution.fees -= order.amount * optionFee(instrument, fair.forward, order.price) * usdPerPrice;
      held.set(instrument.name, (held.get(instrument.name) ?? 0) + dealerSize);
      live.fill(instrument.name, dealerSize);
      fills += 1;
      contracts += order.amount;
      if (order.informed) informedFills += 1;
    }
    lastValue = bookValue();

    if (config.hedge ?? true) {
      for (const [c, coin] of live.engine.space.underlyings.entries()) {
        const target = -live.engine.exposureOf(live.engine.space.spot(c));
        const trade = target - (hedgeUsd.get(coin) ?? 0);
        attribution.hedgeCost -= Math.abs(trade) * params.hedgeCost;
        hedgeUsd.set(coin, target);
      }
    }
    attribution.total = attribution.spread + attribution.inventory + attribution.hedge + attribution.hedgeCost + attribution.fees;
    path.push({ time: market.time, pnl: attribution.total });
    if (step % 60 === 0) config.onProgress?.(step / steps);
  }
  let peak = 0;
  let maxDrawdown = 0;
  for (const { pnl } of path) {
    peak = Math.max(peak, pnl);
    maxDrawdown = Math.max(maxDrawdown, peak - pnl);
  }
  return { attribution, fills, informedFills, contracts, cash, finalValue: lastValue, path, maxDrawdown };
}

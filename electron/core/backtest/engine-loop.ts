/**
 * The backtest loop, one for every market source (market-source.ts): the desk's LiveQuotes
 * prices every option with the premium engine on the source's surfaces and books; the quotes take
 * effect after the order latency (quote-schedule.ts); the fill model fills them (fill-models.ts);
 * fills move the engine's book; the delta is hedged in the perpetuals by the hedge policy
 * (hedge-policy.ts); everything is marked to the source's marks (ledger.ts). Each step:
 *   requote what changed -> publish -> advance the market a step -> mark the hedge and the book
 *   -> fills at the step's end marks -> hedge -> markouts, path, inventory samples.
 * Deterministic for a source and configuration.
 */
import type { ManualClock } from '../clock';
import type { InstrumentHealth } from '../market/feed-health';
import { LiveQuotes } from '../premium/live-quotes';
import type { PremiumParams } from '../premium/params';
import type { FillModel } from '../../../shared/contract/backtest';
import { PrintMatcher, type DealerFill } from './fill-models';
import { PerpetualHedge, type HedgePolicy } from './hedge-policy';
import { Ledger, type GreekAttribution, type Markout, type PnlAttribution, type TermAttribution } from './ledger';
import type { BacktestMarket } from './market-source';
import { QuoteSchedule } from './quote-schedule';

export interface LoopConfig {
  params: PremiumParams;
  clock: ManualClock;
  stepMs: number;
  /** How often an option's theo is revalued as time passes (and the simulator's surfaces refreshed). */
  revalueMs: number;
  fillModel: FillModel;
  /** Quotes take effect this long after they are computed. */
  latencyMs: number;
  /** The delta hedge in the perpetuals; null leaves the delta open. */
  hedge: HedgePolicy | null;
  /** Inventory samples every this many ms (default 60 s). */
  sampleMs?: number;
  onProgress?: (done: number) => void;
}

export interface InventoryPath {
  t: number[];
  /** The book's net delta, USD, options and hedge, all coins. */
  delta: number[];
  /** The book's net vega, USD per vol point, all coins and tenors. */
  vega: number[];
}

export interface BacktestResult {
  attribution: PnlAttribution;
  greeks: GreekAttribution;
  terms: TermAttribution;
  markouts: Markout[];
  fills: number;
  /** Fills from the simulator's informed clients (its own label; a venue never says). */
  informedFills: number;
  contracts: number;
  /** Cash of the option fills and the book's final value at its marks: an independent total of spread + inventory. */
  cash: number;
  finalValue: number;
  /** Contracts held at the end, per option. */
  positions: Record<string, number>;
  /** Total P&L each step. */
  path: { time: number; pnl: number }[];
  maxDrawdown: number;
  inventory: InventoryPath;
  /** Market events the source applied. */
  events: number;
}

const HEALTHY: InstrumentHealth = { stale: false };
/** Median client order per coin (contracts): the ladder rung the backtest quotes. */
const MEDIAN_SIZE: Record<string, number> = { BTC: 2, ETH: 20, SOL: 100 };

/** The ladder rung a coin's clients trade: the smallest at or above their median order. */
function quotedRung(sizes: readonly number[], median: number): number {
  const index = sizes.findIndex((size) => size >= median);
  return index >= 0 ? index : sizes.length - 1;
}

export function maxDrawdownOf(pnl: readonly number[]): number {
  let peak = 0;
  let drawdown = 0;
  for (const value of pnl) {
    peak = Math.max(peak, value);
    drawdown = Math.max(drawdown, peak - value);
  }
  return drawdown;
}

export function runBacktest(market: BacktestMarket, config: LoopConfig): BacktestResult {
  const { clock, params, stepMs } = config;
  if (!(stepMs > 0)) throw new Error(`backtest: step must be > 0 ms, got ${stepMs}`);
  const sampleMs = config.sampleMs ?? 60_000;
  const { options } = market;
  const names = options.map((option) => option.name);
  clock.set(market.time);
  const live = new LiveQuotes({ clock, params: { id: 0, created: market.time, source: 'file', note: null, params }, journal: null, retimeMs: config.revalueMs }, options, new Map());
  const { engine } = live;
  const rung = Int32Array.from(options, (option) => quotedRung(params.sizes, MEDIAN_SIZE[option.base] ?? 1));
  const schedule = new QuoteSchedule(engine, rung, Float64Array.from(rung, (z) => params.sizes[z]!), config.latencyMs);
  const matcher = config.fillModel === 'intensity' ? null : new PrintMatcher(config.fillModel, options, schedule, market.state);
  const ledger = new Ledger(options, (i) => market.mark(i));
  const hedge = new PerpetualHedge(config.hedge ?? { bandUsd: 0, delayMs: 0, cost: 0 }, (coin) => market.index(coin));
  const coins = engine.space.underlyings.filter((coin) => market.coins.includes(coin));
  const path: { time: number; pnl: number }[] = [];
  const inventory: InventoryPath = { t: [], delta: [], vega: [] };
  const start = market.time;
  let sampled = -Infinity;

  hedge.mark(coins);
  while (market.time + stepMs <= market.end) {
    clock.set(market.time);
    live.refresh(market.state, () => HEALTHY, market.surfaceOf);
    schedule.publish(market.time);
    const opened = market.time;
    const inEffect = schedule.activeAt(opened);
    market.advanceTo(opened + stepMs);
    clock.set(market.time);

    // The hedge and the book are marked over the step before the new fills join them.
    hedge.mark(coins);
    ledger.markInventory();

    let fills: DealerFill[] = [];
    if (matcher) fills = matcher.fills(market.prints);
    else if (inEffect) {
      for (const order of market.clientOrders(schedule, inEffect, stepMs)) {
        fills.push({ time: market.time, i: engine.indexOf(order.instrument), side: order.side === 'buy' ? 'ask' : 'bid', price: order.price, amount: order.amount, informed: order.informed, snapshot: inEffect });
      }
    }
    for (const fill of fills) {
      const size = fill.side === 'bid' ? fill.amount : -fill.amount;
      if (ledger.fill(fill.i, size, fill.price, fill.snapshot, market.time, fill.informed)) engine.addFill(fill.i, size);
    }

    if (config.hedge) {
      for (const coin of coins) hedge.rebalance(market.time, coin, -engine.exposureOf(engine.space.spot(engine.space.coinIndex(coin))));
    }
    ledger.pnl.hedge = hedge.pnl;
    ledger.pnl.hedgeCost = hedge.cost;
    ledger.markouts(market.time);
    path.push({ time: market.time, pnl: ledger.close() });
    if (market.time - sampled >= sampleMs) {
      sampled = market.time;
      sample(inventory, market.time, engine, coins, hedge);
    }
    if (path.length % 60 === 0) config.onProgress?.((market.time - start) / (market.end - start));
  }
  if (sampled !== market.time) sample(inventory, market.time, engine, coins, hedge); // the terminal inventory
  return {
    attribution: { ...ledger.pnl },
    greeks: { ...ledger.greeks },
    terms: { ...ledger.terms },
    markouts: ledger.markoutSummary(),
    fills: ledger.fills,
    informedFills: ledger.informedFills,
    contracts: ledger.contracts,
    cash: ledger.cash,
    finalValue: ledger.bookValue(),
    positions: Object.fromEntries([...ledger.held].map(([i, size]) => [names[i]!, size])),
    path,
    maxDrawdown: maxDrawdownOf(path.map((point) => point.pnl)),
    inventory,
    events: market.events,
  };
}

function sample(inventory: InventoryPath, time: number, engine: LiveQuotes['engine'], coins: readonly string[], hedge: PerpetualHedge): void {
  const { space } = engine;
  let delta = 0;
  let vega = 0;
  for (const coin of coins) {
    const c = space.coinIndex(coin);
    delta += engine.exposureOf(space.spot(c)) + (hedge.held.get(coin) ?? 0);
    for (let b = 0; b < space.buckets; b++) vega += engine.exposureOf(space.vol(c, b));
  }
  inventory.t.push(time);
  inventory.delta.push(delta);
  inventory.vega.push(vega);
}

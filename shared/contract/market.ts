/**
 * The live market in the contract: the feed's health as the status bar reads it, and the latest
 * calibrated surface per underlying. Reasons are the core's own (feed-health.ts), so a status bar
 * can say why an instrument is not quotable in the words the engine used to decide it.
 */
import { z } from 'zod';
import { SETTLEMENTS } from '../domain/instrument';

const count = z.number().int().nonnegative();

/** The market venues a desk runs on (one, chosen at start: --venue NAME), and what each is. */
export const MARKET_VENUES = [
  { venue: 'sim', about: 'the embedded simulated market: BTC, ETH and SOL, no network (the default)' },
  { venue: 'deribit', about: "Deribit's options, futures and perpetuals through ccxt" },
  { venue: 'okx', about: "OKX's BTC and ETH options, coin-settled, through ccxt" },
  { venue: 'bybit', about: "Bybit's USDC- and USDT-settled options through ccxt" },
  { venue: 'binance', about: "Binance's USDT-settled options through ccxt" },
] as const;
export type MarketVenue = (typeof MARKET_VENUES)[number]['venue'];

export const VenueState = z.enum(['starting', 'connecting', 'connected', 'reconnecting', 'disconnected', 'error']);
export type VenueState = z.infer<typeof VenueState>;

/** Why an instrument is not fit to quote on (FeedHealth's StaleReason). */
export const StaleReason = z.enum(['venue-down', 'no-data', 'stale', 'awaiting-snapshot']);
export type StaleReason = z.infer<typeof StaleReason>;

/** Why an update was refused (FeedHealth's RejectReason). */
export const RejectReason = z.enum(['non-finite', 'invalid-level', 'crossed', 'gap', 'awaiting-snapshot']);
export type RejectReason = z.infer<typeof RejectReason>;

/** inverse (coin-settled), linear (USDC), linear_usdt (USDT): the instrument model's settlements. */
export const Settlement = z.enum(SETTLEMENTS);

/** One chain's surface as the status bar shows it: when it was last calibrated. */
export const SurfaceHealth = z.object({
  underlying: z.string(),
  settlement: Settlement,
  /** Desk clock time of the last accepted calibration; null before the first. */
  calibratedAt: z.number().nullable(),
  /** The latest quote time that calibration saw. */
  inputsTime: z.number().nullable(),
  /** Options of the chain with a quote. */
  quotes: count,
  /** Whether a violation of static arbitrage remains in any slice. */
  arbitrage: z.boolean(),
});
export type SurfaceHealth = z.infer<typeof SurfaceHealth>;

export const MarketStatus = z.object({
  /** The source's id on events: 'sim', 'deribit'. */
  venue: z.string(),
  /** What a person reads: 'sim · seed 1', 'deribit'. */
  label: z.string(),
  state: VenueState,
  connected: z.boolean(),
  /** The venue's last stated reason (a fault, 'closed'), or why it could not start. */
  reason: z.string().optional(),
  /** Instruments subscribed and watched by feed health. */
  instruments: count,
  quotable: count,
  /** Instruments not quotable now, by reason. */
  stale: z.record(StaleReason, count),
  /** Updates refused since start, by reason. */
  rejected: z.record(RejectReason, count),
  resyncs: count,
  /** Venue faults (drops, silences, refusals) since start, by reason. */
  venueFaults: z.record(z.string(), count),
  surfaces: z.array(SurfaceHealth),
  /** Markets the venue lists that the desk's instrument model cannot represent, skipped, by why. */
  unrepresented: z.record(z.string(), count).optional(),
  time: z.number(),
});
export type MarketStatus = z.infer<typeof MarketStatus>;

export const SurfaceExpiry = z.object({
  expiry: z.number(),
  /** Years to expiry at the calibration's inputs time. */
  T: z.number(),
  /** null when the venue gave no forward and parity could not find one. */
  forward: z.number().nullable(),
  /** Fitted implied vol at the forward (fraction); null when the slice could not be fitted. */
  atmVol: z.number().nullable(),
  model: z.enum(['svi', 'ssvi']).nullable(),
  nUsed: count,
  nDropped: count,
  rmseVolPts: z.number().nullable(),
  withinBidAsk: z.number().nullable(),
  /** true where a violation remains. */
  arbitrage: z.object({ butterfly: z.boolean(), calendar: z.boolean() }),
});
export type SurfaceExpiry = z.infer<typeof SurfaceExpiry>;

/** The latest accepted calibration of one chain. */
export const SurfaceLatest = z.object({
  venue: z.string(),
  underlying: z.string(),
  settlement: Settlement,
  calibratedAt: z.number(),
  inputsTime: z.number(),
  warm: z.boolean(),
  durationMs: z.number(),
  expiries: z.array(SurfaceExpiry),
});
export type SurfaceLatest = z.infer<typeof SurfaceLatest>;

/**
 * A stress scenario injected into the running simulated market, at the simulator's documented
 * defaults (electron/core/market/sim/scenarios.ts): a real venue takes none.
 */
export const ScenarioInjection = z
  .object({
    kind: z.enum(['flash-crash', 'vol-spike', 'liquidity-drought', 'correlated-crash']),
    /** The coin a flash crash hits (BTC by default); one coin or every coin for a vol spike or a drought. */
    base: z.string().trim().min(1).max(16).optional(),
  })
  .strict();
export type ScenarioInjection = z.infer<typeof ScenarioInjection>;

export const ScenarioInjected = z.object({
  time: z.number(),
  /** The scenario as applied, every parameter filled in. */
  scenario: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ScenarioInjected = z.infer<typeof ScenarioInjected>;

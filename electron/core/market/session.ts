/**
 * The desk's live market: one venue (the embedded simulator unless the config names another)
 * streaming every option and perpetual of the desk's coins through feed health into the market
 * state, and a LiveSurface per chain (coin and settlement) recalibrated from the healthy quotes
 * at most every `recalibrateMs` (1 s) and stored at most every `storeEveryMs` (10 s). One timer drives both the recalibrations and the health report,
 * which goes out only when it changed (so at most 1000 / healthMs times a second).
 *
 * The listing is read again every `relistMs`: a venue lists new expiries and delists passed ones
 * (the simulator every day at 08:00 UTC, as Deribit does), and the session follows. A coin whose
 * listing fails keeps what it had and is tried again (every `retryMs` while nothing is
 * subscribed); the status says why.
 */
import { StaleReason, type MarketStatus, type SurfaceLatest } from '../../../shared/contract/market';
import { parseInstrument, type OptionInstrument, type Settlement } from '../../../shared/domain/instrument';
import type { Clock } from '../clock';
import type { SurfaceStore } from '../store/surface-store';
import type { ChainSnapshot } from '../surface/chain-files';
import { LiveSurface } from '../surface/live-surface';
import { hasArbitrage, surfaceLatest } from '../surface/surface-summary';
import type { VolSurface } from '../surface/vol-surface';
import type { OptionVenueId } from './venue-names';
import type { MarketEvent } from './events';
import { FeedHealth } from './feed-health';
import { MarketState } from './market-state';
import type { ListedInstrument, VenueAdapter } from './venue';
import type { Scenario, ScenarioRequest } from './sim/scenarios';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Book levels a side handed to the hedge advisor: enough for a hedge's book walk. */
const BOOK_DEPTH = 5;

export const DESK_UNDERLYINGS = ['BTC', 'ETH', 'SOL'] as const;

export type MarketConfig =
  | { venue: 'sim'; seed: number; /** simulated ms per clock ms (default 1) */ speed?: number; stepMs?: number }
  | { venue: 'deribit'; /** endpoints other than Deribit's own (a local venue in tests) */ urls?: { rest: string; ws: string } }
  | { venue: OptionVenueId; /** another server of the venue (a local venue in tests) */ url?: string };

export interface SessionOptions {
  clock: Clock;
  /** Where accepted calibrations are stored (at most one per chain every storeEveryMs). */
  store: SurfaceStore | null;
  /** The coins whose chains are followed (default BTC, ETH, SOL). */
  underlyings?: readonly string[];
  /** Least time between calibrations of a chain (default 1 s). */
  recalibrateMs?: number;
  /** Least time between stored calibrations of a chain (default 10 s; 0 stores every one). */
  storeEveryMs?: number;
  /** The session's timer: recalibrations due and the health report (default 250 ms: at most 4 reports a second). */
  healthMs?: number;
  /** How often the listing is read again (default 60 s). */
  relistMs?: number;
  /** Wait before listing again after a failure while nothing is subscribed (default 5 s). */
  retryMs?: number;
  /** Feed health's staleness threshold (default 2 s). */
  staleAfterMs?: number;
  /** The health report, when it changed. */
  onHealth?: (status: MarketStatus) => void;
  /** After each tick's recalibrations: what reads the surfaces (the quotes) runs here. */
  onTick?: () => void;
}

/**
 * A venue as the session starts it: its id and label at once, its adapter when the session starts
 * (so a desk that runs no market, the CLI, never loads ccxt or the simulator).
 */
export interface VenueSource {
  venue: string;
  label: string;
  open(): Promise<VenueAdapter>;
}

/** The venue a config names, and how a person reads it. */
export function venueSource(config: MarketConfig, clock: Clock): VenueSource {
  switch (config.venue) {
    case 'sim':
      return {
        venue: 'sim',
        label: `sim · seed ${config.seed}${config.speed && config.speed !== 1 ? ` · ${config.speed}x` : ''}`,
        open: async () => {
          const { SimVenue } = await import('./sim/venue');
          return new SimVenue({ seed: config.seed, start: clock.now(), stepMs: config.stepMs, pace: { clock, speed: config.speed } });
        },
      };
    case 'deribit':
      return {
        venue: 'deribit',
        label: config.urls ? `deribit · ${new URL(config.urls.rest).host}` : 'deribit',
        open: async () => {
          const { DeribitAdapter } = await import('./deribit/adapter');
          return new DeribitAdapter({ clock, urls: config.urls });
        },
      };
    default:
      return {
        venue: config.venue,
        label: config.url ? `${config.venue} · ${new URL(config.url).host}` : config.venue,
        open: async () => {
          const { venueFor } = await import('./venue-for');
          return venueFor(config.venue, { clock, ...(config.url === undefined ? {} : { url: config.url }) });
        },
      };
  }
}

/** An adapter already at hand (tests, backtests) as a venue source. */
export function openedVenue(adapter: VenueAdapter, label: string): VenueSource {
  return { venue: adapter.venue, label, open: async () => adapter };
}

export class MarketSession {
  readonly state = new MarketState();
  readonly health: FeedHealth;
  private readonly surfaces = new Map<string, LiveSurface>();
  /** Each subscribed option's chain: a ticker goes to its one surface. */
  private readonly route = new Map<string, LiveSurface>();
  /** Subscribed instruments and their coins. */
  private readonly subscribed = new Map<string, string>();
  private readonly underlyings: readonly string[];
  private readonly recalibrateMs: number;
  private readonly healthMs: number;
  private readonly relistMs: number;
  private readonly retryMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastListing = -Infinity;
  private started = false;
  private closed = false;
  /** Why the last listing failed, for the coins it failed for. */
  private listingError: string | undefined;
  private relisting = false;
  private lastReport = '';
  /** Moves whenever the subscribed set changes (instruments listed or delisted). */
  listingVersion = 0;

  readonly venue: string;
  readonly label: string;
  private adapter: VenueAdapter | null = null;

  constructor(
    private readonly source: VenueSource,
    private readonly options: SessionOptions,
  ) {
    this.venue = source.venue;
    this.label = source.label;
    this.underlyings = options.underlyings ?? DESK_UNDERLYINGS;
    this.recalibrateMs = options.recalibrateMs ?? 1000;
    this.healthMs = options.healthMs ?? 250;
    this.relistMs = options.relistMs ?? 60_000;
    this.retryMs = options.retryMs ?? 5_000;
    this.health = new FeedHealth(this.state, {
      clock: options.clock,
      staleAfterMs: options.staleAfterMs,
      onResync: (_venue, instrument) => this.adapter?.resnapshot?.(instrument),
    });
  }

  /** Subscribe every listed instrument of the desk's coins, then keep surfaces and health current. */
  async start(): Promise<void> {
    if (this.started) throw new Error('market session: already started');
    this.started = true;
    try {
      this.adapter = await this.source.open();
    } catch (error) {
      this.listingError = `opening ${this.venue}: ${messageOf(error)}`;
      this.report();
      return;
    }
    if (this.closed) return void (await this.adapter.close());
    await this.relist();
    if (this.closed) return;
    this.timer = setInterval(() => this.tick(), this.healthMs);
    this.tick();
  }

  /** Drive the session by hand (tests, backtests): recalibrate what is due, relist when due, report health. */
  tick(): void {
    if (this.closed) return;
    for (const surface of this.surfaces.values()) surface.poll();
    this.options.onTick?.();
    const due = this.subscribed.size === 0 ? Math.min(this.retryMs, this.relistMs) : this.relistMs;
    if (!this.relisting && this.options.clock.now() - this.lastListing >= due) void this.relist();
    this.report();
  }

  /** A stress scenario into the venue now; throws when the venue takes none (a real one) or is not open yet. */
  inject(request: ScenarioRequest): Scenario {
    if (!this.adapter) throw new Error(`${this.label} is not open yet`);
    if (!this.adapter.inject) throw new Error(`${this.label} is a real market: scenarios go into the simulated one (--venue sim)`);
    return this.adapter.inject(request);
  }

  status(): MarketStatus {
    const snapshot = this.health.snapshot();
    const venue = snapshot.venues[this.venue];
    const stale = Object.fromEntries(StaleReason.options.map((reason) => [reason, 0])) as Record<StaleReason, number>;
    let quotable = 0;
    for (const instrument of Object.values(snapshot.instruments)) {
      if (instrument.stale) stale[instrument.reason!]++;
      else quotable++;
    }
    const failed = this.listingError !== undefined && this.subscribed.size === 0;
    const unrepresented: Record<string, number> = {};
    for (const reason of this.adapter?.unrepresented?.values() ?? []) unrepresented[reason] = (unrepresented[reason] ?? 0) + 1;
    const state = failed ? 'error' : (venue?.state ?? (this.started ? 'connecting' : 'starting'));
    const reason = this.listingError ?? venue?.reason;
    return {
      venue: this.venue,
      label: this.label,
      state,
      connected: state === 'connected',
      ...(reason === undefined ? {} : { reason }),
      instruments: Object.keys(snapshot.instruments).length,
      quotable,
      stale,
      rejected: snapshot.counters.rejected,
      resyncs: snapshot.counters.resyncs,
      venueFaults: snapshot.counters.venue,
      ...(Object.keys(unrepresented).length > 0 ? { unrepresented } : {}),
      surfaces: [...this.surfaces.values()].map((surface) => {
        const latest = surface.latest;
        return {
          underlying: surface.underlying,
          settlement: surface.settlement,
          calibratedAt: latest?.calibratedAt ?? null,
          inputsTime: latest?.inputsTime ?? null,
          quotes: surface.size,
          arbitrage: latest !== null && hasArbitrage(latest),
        };
      }),
      time: snapshot.time,
    };
  }

  /**
   * Every chain as quoted now, each option with its live book (five levels a side) and the
   * chain's latest surface: what the hedge advisor and the inventory snapshots value the book on.
   */
  chains(): ChainSnapshot[] {
    return [...this.surfaces.values()].flatMap((surface) => {
      const snapshot = surface.snapshot();
      if (!snapshot) return [];
      for (const quote of snapshot.quotes) {
        const book = this.state.get(quote.instrument)?.book;
        if (book) quote.book = { bids: book.bids.levels(BOOK_DEPTH), asks: book.asks.levels(BOOK_DEPTH) };
      }
      // The last accepted calibration values the chain: no second fit per hedge or snapshot.
      if (surface.surface) snapshot.surface = surface.surface;
      return [snapshot];
    });
  }

  /** The subscribed options, in listing order; `listingVersion` moves when the set changes. */
  listedOptions(): OptionInstrument[] {
    const options: OptionInstrument[] = [];
    for (const name of this.subscribed.keys()) {
      if (!this.route.has(name)) continue;
      const instrument = parseInstrument(name);
      if (instrument.kind === 'option') options.push(instrument);
    }
    return options;
  }

  /** The surface of a chain's last accepted calibration; null before the first. */
  surfaceOf(underlying: string, settlement: Settlement): VolSurface | null {
    return this.surfaces.get(`${underlying}:${settlement}`)?.surface ?? null;
  }

  /** The latest accepted calibration of every chain (chains not yet calibrated are left out). */
  latestSurfaces(): SurfaceLatest[] {
    return [...this.surfaces.values()].flatMap((surface) => (surface.latest ? [surfaceLatest(surface.latest, surface.settlement)] : []));
  }

  /** Stop: timers and the surfaces at once, then the venue's link. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.adapter?.close();
  }

  private readonly listener = (event: MarketEvent): void => {
    if (this.closed || this.health.ingest(event) !== undefined) return;
    if (event.type === 'ticker') this.route.get(event.instrument)?.listener(event);
  };

  /**
   * Follow the venue's listing: subscribe what is new, forget what is gone, a surface per chain.
   * Never throws: what failed is kept in listingError (and the instruments of a coin that could
   * not be listed stay as they were).
   */
  private async relist(): Promise<void> {
    const adapter = this.adapter;
    if (!adapter || this.relisting) return;
    this.relisting = true;
    this.lastListing = this.options.clock.now();
    const errors: string[] = [];
    try {
      const listed = new Set<string>();
      const coinsListed = new Set<string>();
      const added = new Map<string, string>();
      for (const underlying of this.underlyings) {
        let instruments: ListedInstrument[];
        try {
          instruments = await adapter.instruments(underlying);
        } catch (error) {
          errors.push(`${underlying}: ${messageOf(error)}`);
          continue;
        }
        if (this.closed) return;
        coinsListed.add(underlying);
        for (const { instrument } of instruments) {
          if (instrument.kind === 'future') continue;
          listed.add(instrument.name);
          if (!this.subscribed.has(instrument.name)) added.set(instrument.name, underlying);
          if (instrument.kind === 'option') this.route.set(instrument.name, this.surfaceFor(underlying, instrument.settlement));
        }
      }
      const gone = [...this.subscribed].filter(([name, coin]) => coinsListed.has(coin) && !listed.has(name)).map(([name]) => name);
      this.health.untrack(gone);
      for (const name of gone) {
        this.subscribed.delete(name);
        this.route.delete(name);
      }
      if (gone.length > 0) this.listingVersion++;
      if (added.size === 0) return;
      const names = [...added.keys()];
      this.health.track(this.venue, names);
      try {
        await adapter.subscribe(names, this.listener);
        for (const [name, coin] of added) this.subscribed.set(name, coin);
        this.listingVersion++;
      } catch (error) {
        this.health.untrack(names); // asked for again at the next listing
        errors.push(`subscribe: ${messageOf(error)}`);
      }
    } finally {
      this.relisting = false;
      this.listingError = errors.length > 0 ? `listing ${errors.join('; ')}` : undefined;
    }
  }

  private surfaceFor(underlying: string, settlement: Settlement): LiveSurface {
    const key = `${underlying}:${settlement}`;
    let surface = this.surfaces.get(key);
    if (!surface) {
      surface = new LiveSurface({
        venue: this.venue,
        underlying,
        settlement,
        clock: this.options.clock,
        minIntervalMs: this.recalibrateMs,
        storeEveryMs: this.options.storeEveryMs ?? 10_000,
        quotable: (instrument) => !this.health.health(instrument).stale,
        store: this.options.store,
      });
      this.surfaces.set(key, surface);
    }
    return surface;
  }

  /** Send the health report if it changed (its clock time aside). */
  private report(): void {
    if (!this.options.onHealth) return;
    const status = this.status();
    const key = JSON.stringify({ ...status, time: 0 });
    if (key === this.lastReport) return;
    this.lastReport = key;
    this.options.onHealth(status);
  }
}

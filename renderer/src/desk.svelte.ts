/**
 * The renderer's live view of the core: status, the market's health, the latest surfaces, and each
 * screen's state (book, quotes, hedges), kept current from events. Screens read it; only the core computes.
 */
import type { DeskApi } from '../../shared/contract/api';
import type { MarketStatus, SurfaceLatest } from '../../shared/contract/market';
import type { DeskStatus } from '../../shared/contract/schemas';
import { connectDesk, type ConnectionState } from './bridge/index';
import { LatestFetch } from './latest';
import { BookState } from './book.svelte';
import { HedgesState } from './hedges.svelte';
import { QuotesState } from './quotes.svelte';

class DeskState {
  connection = $state<ConnectionState>('connecting');
  status = $state<DeskStatus | null>(null);
  // Answers and reports are replaced whole, never edited: raw state, no deep proxies.
  market = $state.raw<MarketStatus | null>(null);
  surfaces = $state.raw<SurfaceLatest[]>([]);
  lastError = $state<string | null>(null);
  readonly api: DeskApi;
  readonly quotes: QuotesState;
  readonly book: BookState;
  readonly hedges: HedgesState;
  private readonly surfacesFetch: LatestFetch<SurfaceLatest[]>;

  constructor() {
    let reopened = false;
    this.api = connectDesk((state) => {
      this.connection = state;
      if (state !== 'open') return;
      // At the first open each screen has asked for its own data as it showed (calls wait for the
      // socket); after a reconnect the host may be a new one, so the screens ask again.
      const screens = reopened;
      reopened = true;
      // Deferred: Electron's bridge is open at once, before this constructor has finished.
      queueMicrotask(() => void this.refresh(screens));
    });
    this.quotes = new QuotesState(this.api);
    this.book = new BookState(this.api);
    this.hedges = new HedgesState(this.api);
    this.surfacesFetch = new LatestFetch(
      () => this.api.invoke('surface.latest', {}),
      (surfaces) => (this.surfaces = surfaces),
      (error) => (this.lastError = error instanceof Error ? error.message : String(error)),
    );
    this.api.on('fills.added', () => void this.refreshStatus());
    this.api.on('positions.reset', () => void this.refresh());
    this.api.on('market.health', (status) => {
      this.market = status;
      if (this.surfacesBehind(status)) this.refreshSurfaces();
    });
  }

  /** Whether the health report names a calibration newer than the surfaces on screen. */
  private surfacesBehind(status: MarketStatus): boolean {
    return status.surfaces.some(({ underlying, settlement, calibratedAt }) => {
      if (calibratedAt === null) return false;
      const shown = this.surfaces.find((s) => s.underlying === underlying && s.settlement === settlement);
      return !shown || shown.calibratedAt < calibratedAt;
    });
  }

  /** One fetch at a time: reports arriving meanwhile are covered by the answer or the next report. */
  refreshSurfaces(): void {
    this.surfacesFetch.request();
  }

  async refreshStatus(): Promise<void> {
    this.status = await this.api.invoke('desk.status', {});
  }

  async refresh(screens = true): Promise<void> {
    // The screens' own data first, asked at once: nothing on screen waits for the status bar's answers.
    if (screens) {
      this.book.refresh();
      this.quotes.rewatch();
    }
    this.refreshSurfaces();
    try {
      const [status, market] = await Promise.all([this.api.invoke('desk.status', {}), this.api.invoke('market.status', {})]);
      this.status = status;
      this.market = market;
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }
}

export const desk = new DeskState();

/**
 * The composition root of the host-agnostic core: given a data directory, a clock and a config
 * it builds the services and the contract's handlers. Electron, the browser host and the CLI
 * all start here; nothing below imports 'electron'.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { DeskStatus, HostMode, StoreHealth } from '../../shared/contract/schemas';
import type { Handlers } from './api/dispatch';
import { hedgeForChains } from './hedge/chain-hedge';
import { inventoryHistory } from './history/inventory-history';
import { snapshotOnChains } from './history/inventory-snapshot';
import { DEFAULT_SNAPSHOT_SCHEDULE, InventorySnapshotter, type SnapshotSchedule } from './history/snapshotter';
import type { Clock } from './clock';
import { DeskEvents } from './events';
import { MarketSession, venueSource, type MarketConfig } from './market/session';
import { backupDatabase, type CheckedBackup } from './store/backup';
import { BackupScheduler, DEFAULT_BACKUP_SCHEDULE, type BackupSchedule } from './store/backup-schedule';
import { DATABASE_FILE, openDatabase } from './store/database';
import { FillStore, type StoredFill } from './store/fill-store';
import { exportHistory } from './store/history-export';
import type { ExportManifest } from './store/history-csv';
import { importHistory } from './store/history-import';
import { HedgeStore } from './store/hedge-store';
import { InventoryStore } from './store/inventory-store';
import { schemaVersion } from './store/migrations';
import { PremiumParamsStore } from './store/premium-params-store';
import { QuoteJournal } from './store/quote-journal';
import { SurfaceStore } from './store/surface-store';
import type { ChainSnapshot } from './surface/chain-files';
import { APP_VERSION } from './version';

export interface DeskConfig {
  hostMode: HostMode;
  /** better-sqlite3 native module for the running ABI; Node's own build when absent. */
  nativeBinding?: string;
  /** A live market to run (hosts ask for one; the CLI does not). */
  market?: MarketConfig;
  /** Online backups on a timer (the live hosts); on demand only when absent (the CLI, tests). */
  backups?: BackupSchedule;
  /** Inventory snapshots' cadence and retention while a live market runs (defaults: 1 s, 7 days, compacted daily). */
  history?: Partial<SnapshotSchedule>;
}

export interface DeskOptions {
  dataDir: string;
  clock: Clock;
  config: DeskConfig;
  /**
   * The chains the hedge advisor values the book on, as of now: files (the CLI, tests), else the
   * live market's; without any, hedges.suggest answers no suggestions and says there is no market.
   */
  hedgeChains?: () => readonly ChainSnapshot[];
}

export interface Desk {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly events: DeskEvents;
  readonly fills: FillStore;
  readonly surfaces: SurfaceStore;
  readonly premiumParams: PremiumParamsStore;
  readonly quotes: QuoteJournal;
  /** The live market, when the host asked for one. */
  readonly market: MarketSession | null;
  readonly hedges: HedgeStore;
  readonly inventory: InventoryStore;
  /** Takes the inventory snapshots: on every fill, and on its cadence while a live market runs. */
  readonly snapshotter: InventorySnapshotter;
  readonly handlers: Handlers;
  readonly backups: BackupScheduler;
  status(): DeskStatus;
  /** A checked online backup to `file`, while the desk keeps running. */
  backupTo(file: string): Promise<CheckedBackup>;
  /** The whole history as CSV per table plus manifest.json into an empty directory. */
  exportHistory(dir: string): ExportManifest;
  /** An export into this (empty) store, all or nothing; rows imported per table. */
  importHistory(dir: string): Record<string, number>;
  close(): void;
}

export function createDesk({ dataDir, clock, config, hedgeChains }: DeskOptions): Desk {
  const databasePath = path.join(dataDir, DATABASE_FILE);
  const db = openDatabase(databasePath, { nativeBinding: config.nativeBinding });
  const events = new DeskEvents();
  const fills = new FillStore(db);
  const surfaces = new SurfaceStore(db);
  const premiumParams = new PremiumParamsStore(db);
  const quotes = new QuoteJournal(db);
  const market = config.market ? startMarket(config.market, clock, surfaces, events) : null;
  const schedule = config.backups ?? DEFAULT_BACKUP_SCHEDULE;
  const fileOptions = { nativeBinding: config.nativeBinding };
  const backups = new BackupScheduler(
    db,
    schedule.dir ?? path.join(dataDir, 'backups'),
    schedule,
    clock,
    (error) => console.error(`desk: scheduled backup failed, retrying at the next one: ${error instanceof Error ? error.message : String(error)}`),
    fileOptions,
  );
  if (config.backups) backups.start();
  const hedges = new HedgeStore(db, fills);
  const inventory = new InventoryStore(db);
  const chains = () => hedgeChains?.() ?? market?.chains() ?? [];
  const snapshotter = new InventorySnapshotter(
    inventory,
    (time, fillId) => {
      const now = chains();
      if (now.length === 0) return null; // nothing to mark the book on yet
      return snapshotOnChains(now, { time, fillId, params: premiumParams.current(time), positions: fills.allPositions() });
    },
    clock,
    { ...DEFAULT_SNAPSHOT_SCHEDULE, ...config.history },
    (message) => console.error(`desk: ${message}`),
  );
  if (market) snapshotter.start();
  const filled = (stored: StoredFill) => {
    events.publish('fills.added', stored);
    snapshotter.snapshot(stored.fill.id);
  };

  const status = (): DeskStatus => ({
    version: APP_VERSION,
    hostMode: config.hostMode,
    dataDir,
    store: storeHealth(db, databasePath, fills),
    now: clock.now(),
  });

  const handlers: Handlers = {
    'desk.status': () => status(),
    'fills.add': (request) => {
      const { time, ...fill } = request;
      const stored = fills.add({ ...fill, time: time ?? clock.now() }, clock.now());
      filled(stored);
      return stored.fill;
    },
    'fills.list': ({ limit }) => fills.list(limit),
    'positions.list': () => fills.positions(),
    'market.status': () => market?.status() ?? null,
    'surface.latest': () => market?.latestSurfaces() ?? [],
    'store.backup': () => backups.backupNow(),
    'hedges.suggest': () => {
      const now = chains();
      if (now.length === 0) return { asOf: null, suggestions: [], message: 'no market yet: hedges need a chain to value the book on' };
      const book = fills.positions().map(({ instrument, size }) => ({ instrument, size }));
      const { asOf, suggestions } = hedgeForChains(now, premiumParams.current(clock.now()).params, book);
      return { asOf, suggestions: hedges.save(suggestions, clock.now()), message: null };
    },
    'hedges.accept': ({ suggestionId, time, ...done }) => {
      const { suggestion, stored } = hedges.accept(suggestionId, { ...done, time: time ?? clock.now() }, clock.now());
      filled(stored);
      return { suggestion, fill: stored.fill };
    },
    'hedges.dismiss': ({ suggestionId, reason }) => hedges.dismiss(suggestionId, reason ?? null, clock.now()),
    'history.inventory': (request) => inventoryHistory(inventory, request),
  };

  return {
    dataDir,
    clock,
    events,
    fills,
    surfaces,
    premiumParams,
    quotes,
    market,
    hedges,
    inventory,
    snapshotter,
    handlers,
    backups,
    status,
    backupTo: (file) => backupDatabase(db, file, fileOptions),
    exportHistory: (dir) => exportHistory(db, dir, clock.now()),
    importHistory: (dir) => {
      // Positions are derived: the imported ones must be exactly what the imported fills give.
      const counts = importHistory(db, dir, () =>
        fills.reconcilePositions().map((instrument) => ({ table: 'positions', line: 0, message: `${instrument} does not follow from its fills` })),
      );
      events.publish('positions.reset', {});
      return counts;
    },
    close: () => {
      backups.stop();
      snapshotter.stop();
      // The session stops its timers at once, so nothing writes to the store after it closes.
      void market?.close();
      db.close();
    },
  };
}

function startMarket(config: MarketConfig, clock: Clock, store: SurfaceStore, events: DeskEvents): MarketSession {
  const session = new MarketSession(venueSource(config, clock), { clock, store, onHealth: (status) => events.publish('market.health', status) });
  void session.start(); // a venue that cannot start says why in the session's status
  return session;
}

function storeHealth(db: Database.Database, file: string, fills: FillStore): StoreHealth {
  try {
    return {
      ok: true,
      path: file,
      schemaVersion: schemaVersion(db),
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      fills: fills.count(),
      positions: fills.positionCount(),
    };
  } catch (error) {
    return { ok: false, path: file, schemaVersion: -1, journalMode: 'unknown', fills: 0, positions: 0, message: String(error) };
  }
}

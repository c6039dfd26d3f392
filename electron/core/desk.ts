/**
 * The composition root of the host-agnostic core: given a data directory, a clock and a config
 * it builds the services and the contract's handlers. Electron, the browser host and the CLI
 * all start here; nothing below imports 'electron'.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { DeskStatus, FillCsvFormat, FillImportSummary, HostMode, StoreHealth } from '../../shared/contract/schemas';
import { DeskFailure, type Handlers } from './api/dispatch';
import { fetchDeribitTrades } from './fills/deribit-user-trades';
import { importBatch, readFillFile } from './fills/fill-import';
import { fillMarkouts } from './fills/fill-markouts';
import { MarkoutTracker } from './fills/markout-tracker';
import { MARKOUT_HORIZONS_MS } from '../../shared/domain/markout';
import type { FillBatch } from './fills/fill-batch';
import type { ScenarioRequest } from './market/sim/scenarios';
import { BandWatch, bandStates } from './hedge/band-watch';
import type { PremiumParams } from './premium/params';
import { deltaBandsOf, hedgeMarketOfChains, hedgeOnMarket, splitValued, type ChainHedgeMarket } from './hedge/chain-hedge';
import type { RiskBook } from './risk/book';
import { bookView } from './risk/book-view';
import { stressOfBook } from './stress/book-stress';
import { backtestReport } from './backtest/report';
import { BacktestRuns, RunRequestError } from './backtest/runs';
import { listRecordings, recordingsDir } from './market/record/recordings-folder';
import { BacktestStore } from './store/backtest-store';
import { bookAt } from './history/book-at';
import { inventoryHistory } from './history/inventory-history';
import { inventorySnapshot } from './history/inventory-snapshot';
import { DEFAULT_SNAPSHOT_SCHEDULE, InventorySnapshotter, type SnapshotSchedule } from './history/snapshotter';
import type { Clock } from './clock';
import { DeskEvents } from './events';
import type { EventOf, ParsedRequestOf } from '../../shared/contract/channels';
import type { QuoteBoard } from '../../shared/contract/quotes';
import { MarketSession, venueSource, type MarketConfig } from './market/session';
import { BoardWatches } from './premium/board-watches';
import { QuoteRequestError, QuoteService } from './premium/quote-service';
import { applySettings, settingsOf, skewStatement } from './premium/settings';
import { backupDatabase, type CheckedBackup } from './store/backup';
import { BackupScheduler, DEFAULT_BACKUP_SCHEDULE, type BackupSchedule } from './store/backup-schedule';
import type { SecretStore } from './secrets/secret-store';
import { VenueKeys } from './secrets/venue-keys';
import { DATABASE_FILE, openDatabase } from './store/database';
import { FillMarkStore } from './store/fill-mark-store';
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

const NO_BOARD: Omit<QuoteBoard, 'underlying' | 'settlement' | 'size'> = {
  asOf: null,
  sizes: [],
  params: null,
  chains: [],
  expiries: [],
  message: 'no live market: this desk quotes nothing',
};

export interface DeskConfig {
  hostMode: HostMode;
  /** better-sqlite3 native module for the running ABI; Node's own build when absent. */
  nativeBinding?: string;
  /** A live market to run (hosts ask for one; the CLI does not). */
  market?: MarketConfig;
  /** Online backups on a timer (the live hosts); on demand only when absent (the CLI, tests). */
  backups?: BackupSchedule;
  /** The keychain-sealed secret store for venues' API keys (the Electron host's safeStorage); opened on first use. */
  secrets?: () => SecretStore;
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
  /** The desk's marks of its option fills at the fill and each markout horizon. */
  readonly fillMarks: FillMarkStore;
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
  /** A fill file (Deribit's transaction log or the desk's fills export), all or nothing; `source` names it in problems. */
  importFillFile(format: FillCsvFormat, text: string | Buffer, source: string): FillImportSummary;
  /** Fills read elsewhere (a venue's trade history), all or nothing. */
  importFills(batch: FillBatch): FillImportSummary;
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
  const fillMarks = new FillMarkStore(db);
  const live = config.market ? startMarket(config.market, { clock, surfaces, fills, fillMarks, premiumParams, quotes, events }) : null;
  const market = live?.session ?? null;
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
  const venueKeys = new VenueKeys(config.hostMode, config.secrets);
  const backtestStore = new BacktestStore(db, clock.now());
  const recordings = recordingsDir(dataDir);
  const backtests = new BacktestRuns(backtestStore, clock, () => premiumParams.paramsInForce(), (run) => events.publish('backtest.changed', run), recordings);
  const inventory = new InventoryStore(db);
  const chains = () => hedgeChains?.() ?? market?.chains() ?? [];
  const bandWatch = new BandWatch((bands) => events.publish('hedges.bands', { time: clock.now(), bands }));
  let bandError = '';
  /** Each time the desk marks the book (its snapshot's risk book), whether a coin's delta crossed its hedge band (never failing the snapshot). */
  const watchBands = (book: RiskBook, market: ChainHedgeMarket, params: PremiumParams, afterFill: boolean) => {
    try {
      bandWatch.observe(deltaBandsOf(book, params, market.market), afterFill);
      bandError = '';
    } catch (error) {
      const message = `hedge bands: ${error instanceof Error ? error.message : String(error)}`;
      if (message !== bandError) console.error(`desk: ${message}`);
      bandError = message;
    }
  };
  const snapshotter = new InventorySnapshotter(
    inventory,
    (time, fillId) => {
      const now = chains();
      if (now.length === 0) return null; // nothing to mark the book on yet
      const market = hedgeMarketOfChains(now);
      const params = premiumParams.current(time);
      const { row, book } = inventorySnapshot({ time, fillId, params, positions: fills.allPositions(), market });
      watchBands(book, market, params.params, fillId !== null);
      return row;
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
  const importFills = (batch: FillBatch): FillImportSummary => {
    const summary = importBatch(fills, batch, clock.now());
    if (summary.added > 0) {
      events.publish('positions.reset', {});
      snapshotter.snapshot(null);
    }
    return summary;
  };

  const status = (): DeskStatus => ({
    version: APP_VERSION,
    hostMode: config.hostMode,
    dataDir,
    store: storeHealth(db, databasePath, fills),
    now: clock.now(),
  });

  const board = (request: ParsedRequestOf<'quotes.board'>): QuoteBoard => {
    const { underlying, settlement, size, expiry } = request;
    if (!live) return { ...NO_BOARD, underlying, settlement, size: size ?? 1 };
    return live.quoting.board(underlying, settlement, size, expiry);
  };
  const watches = new BoardWatches(board, (changes) => events.publish('quotes.rows', changes));
  events.subscribe((channel) => {
    if (channel === 'quotes.updated') watches.requoted();
  });

  const handlers: Handlers = {
    'desk.status': () => status(),
    'fills.add': (request) => {
      const { time, ...fill } = request;
      const stored = fills.add({ ...fill, time: time ?? clock.now() }, clock.now());
      filled(stored);
      return stored.fill;
    },
    'fills.list': ({ limit, from, to }) => fills.list(limit, from, to),
    'fills.markouts': ({ limit, from, to }) => ({ horizonsMs: [...MARKOUT_HORIZONS_MS], fills: fillMarks.listed(limit, from, to).map(fillMarkouts) }),
    'fills.import': ({ format, csv }) => importFills(readFillFile(db, format, csv, 'csv')),
    'fills.importVenue': async ({ venue, since }) => {
      const batch = await fetchDeribitTrades({
        keys: venueKeys.get(venue),
        since: since ?? 0,
        until: clock.now(),
        // The desk's own Deribit when its market runs on another host (testnet, a local venue).
        url: config.market?.venue === 'deribit' ? config.market.urls?.rest : undefined,
      });
      return importFills(batch);
    },
    'positions.list': () => fills.positions(),
    'book.view': () => bookView(chains(), premiumParams.paramsInForce(), fills.positions()),
    'market.status': () => market?.status() ?? null,
    'surface.latest': () => market?.latestSurfaces() ?? [],
    'market.scenario': (request) => {
      const refuse = (field: string, message: string) => new DeskFailure({ code: 'invalid_request', message, fields: { [field]: message } });
      if (!market) throw refuse('kind', 'no live market: scenarios go into the running simulated market');
      if (request.kind === 'correlated-crash' && request.base !== undefined) throw refuse('base', 'a correlated crash hits every coin: name none');
      try {
        return { time: clock.now(), scenario: { ...market.inject(request as ScenarioRequest) } };
      } catch (error) {
        throw refuse(request.base !== undefined && /base/.test(String(error)) ? 'base' : 'kind', error instanceof Error ? error.message : String(error));
      }
    },
    'quotes.board': board,
    'quotes.watch': (request) => watches.watch(request),
    'quotes.breakdown': ({ instrument }) => {
      if (!live) throw new QuoteRequestError('instrument', 'no live market: this desk quotes nothing');
      return live.quoting.breakdown(instrument);
    },
    'store.backup': () => backups.backupNow(),
    'premium.settings': () => settingsOf(premiumParams.current(clock.now())),
    'premium.update': (change) => {
      const params = applySettings(premiumParams.current(clock.now()).params, change);
      return settingsOf(premiumParams.save(params, clock.now(), 'file', `set on the settings screen: ${Object.keys(change).join(', ')}`));
    },
    'premium.skew': ({ bucket, skewVolPts }) => {
      const { params, note } = skewStatement(premiumParams.current(clock.now()).params, bucket, skewVolPts);
      return settingsOf(premiumParams.save(params, clock.now(), 'calibrated', note));
    },
    'backtest.start': (config) => backtests.start(config),
    'backtest.cancel': ({ id }) => backtests.cancel(id),
    'backtest.list': ({ limit }) => backtestStore.list(limit),
    'backtest.recordings': () => listRecordings(recordings),
    'backtest.report': ({ ids }) => backtestReport(backtestStore, ids, clock.now()),
    'backtest.path': ({ id }) => {
      const result = backtestStore.result(id);
      if (!result) throw new RunRequestError(`no finished backtest ${id}`);
      return { id, t: result.t, pnl: result.pnl };
    },
    'risk.stress': () => {
      const now = chains();
      if (now.length === 0) return { stress: null, message: 'no market yet: stress needs a chain to value the book on' };
      const book = fills.positions().map(({ instrument, size }) => ({ instrument, size }));
      if (book.length === 0) return { stress: null, message: 'no positions to stress' };
      return { stress: stressOfBook(now, premiumParams.paramsInForce(), book), message: null };
    },
    'hedges.suggest': () => {
      const now = chains();
      if (now.length === 0) return { asOf: null, suggestions: [], bands: [], message: 'no market yet: hedges need a chain to value the book on' };
      const chainMarket = hedgeMarketOfChains(now);
      const { valued, left } = splitValued(
        chainMarket,
        fills.positions().map(({ instrument, size }) => ({ instrument, size })),
      );
      const { asOf, suggestions, bands } = hedgeOnMarket(chainMarket, premiumParams.current(clock.now()).params, valued);
      const message = left.length === 0 ? null : `left out, the market cannot value them: ${left.join('; ')}`;
      return { asOf, suggestions: hedges.save(suggestions, clock.now()), bands: bandStates(bands), message };
    },
    'hedges.accept': ({ suggestionId, time, ...done }) => {
      const { suggestion, stored } = hedges.accept(suggestionId, { ...done, time: time ?? clock.now() }, clock.now());
      filled(stored);
      return { suggestion, fill: stored.fill };
    },
    'hedges.dismiss': ({ suggestionId, reason }) => hedges.dismiss(suggestionId, reason ?? null, clock.now()),
    'hedges.recent': ({ limit }) => hedges.recent(limit),
    'venues.keys': () => venueKeys.status(),
    'venues.setKeys': ({ venue, clientId, clientSecret }) => venueKeys.set(venue, clientId, clientSecret),
    'history.inventory': (request) => inventoryHistory(inventory, request),
    'history.at': ({ time }) => bookAt({ inventory, fills, premiumParams }, time),
  };

  return {
    dataDir,
    clock,
    events,
    fills,
    fillMarks,
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
    importFillFile: (format, text, source) => importFills(readFillFile(db, format, text, source)),
    importFills,
    close: () => {
      backups.stop();
      snapshotter.stop();
      backtests.close();
      // The session stops its timers at once, so nothing writes to the store after it closes.
      void market?.close();
      db.close();
    },
  };
}

interface MarketServices {
  clock: Clock;
  surfaces: SurfaceStore;
  fills: FillStore;
  fillMarks: FillMarkStore;
  premiumParams: PremiumParamsStore;
  quotes: QuoteJournal;
  events: DeskEvents;
}

/**
 * The live market and the desk's quotes on it: each tick requotes after the surfaces, every stored
 * fill moves the book and is marked out on the quotes' theo.
 */
function startMarket(
  config: MarketConfig,
  { clock, surfaces, fills, fillMarks, premiumParams, quotes, events }: MarketServices,
): { session: MarketSession; quoting: QuoteService } {
  let quoting: QuoteService | null = null;
  let markouts: MarkoutTracker | null = null;
  const session = new MarketSession(venueSource(config, clock), {
    clock,
    store: surfaces,
    onHealth: (status) => events.publish('market.health', status),
    onTick: () => {
      quoting?.refresh();
      markouts?.poll();
    },
  });
  quoting = new QuoteService({ clock, session, fills, params: premiumParams, journal: quotes, onUpdate: (update) => events.publish('quotes.updated', update) });
  const service = quoting;
  const tracker = (markouts = new MarkoutTracker(fillMarks, (instrument) => service.markOf(instrument), clock, (message) => console.error(`desk: ${message}`)));
  events.subscribe((channel, payload) => {
    if (channel === 'fills.added') {
      const { fill } = payload as EventOf<'fills.added'>;
      tracker.track(fill);
      service.fill(fill.instrument, fill.side, fill.size);
    } else if (channel === 'positions.reset') service.reset();
  });
  void session.start(); // a venue that cannot start says why in the session's status
  return { session, quoting };
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

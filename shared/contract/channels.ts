/**
 * The contract: every invoke channel (renderer asks, main answers) and every event channel
 * (main pushes) with its schema. Hosts, bridges and the renderer are all typed from here;
 * adding a channel is one entry below plus its handler in the core.
 */
import { z } from 'zod';
import { BookView } from './book';
import { BookAt, BookAtRequest, InventoryHistory, InventoryHistoryRequest } from './history';
import { MarketStatus, ScenarioInjected, ScenarioInjection, SurfaceLatest } from './market';
import { FillMarkoutsAnswer } from './markouts';
import { BacktestPath, BacktestReport, BacktestReportRequest, BacktestRun, BacktestStart, RecordingInfo, RunId } from './backtest';
import { PremiumSettings, SettingsChange, SkewStatement } from './settings';
import { StressAnswer } from './stress';
import { BoardChanges, BoardRequest, BoardWatch, BoardWatchRequest, QuoteBoard, QuoteBreakdown, QuotesUpdated } from './quotes';
import {
  BackupInfo,
  DeltaBand,
  DeskStatus,
  Empty,
  Fill,
  FillCsvFormat,
  FillImportSummary,
  HedgeAcceptance,
  HedgeAnswer,
  HedgeDismissal,
  HedgeSuggestion,
  NewFill,
  Position,
  VenueImport,
  VenueKeys,
  VenueKeysStatus,
} from './schemas';

/** A fill file sent whole by the renderer; larger files go through the CLI's import-fills. */
export const MAX_IMPORT_CSV_CHARS = 16 * 1024 * 1024;

const FillRange = z
  .object({ limit: z.number().int().positive().max(10_000).default(200), from: z.number().int().optional(), to: z.number().int().optional() })
  .strict();

export const invokeChannels = {
  'desk.status': { request: Empty, response: DeskStatus },
  'fills.add': { request: NewFill, response: Fill },
  /** The latest fills, newest first; within [from, to) (desk clock ms) when given. */
  'fills.list': { request: FillRange, response: z.array(Fill) },
  /** The markouts of the fills fills.list returns for the same request (those the desk marked). */
  'fills.markouts': { request: FillRange, response: FillMarkoutsAnswer },
  /**
   * A fill file's text, imported all or nothing: refused with invalid_request and every bad line
   * in `fields` (keyed 'csv line N'); fills already stored are skipped and counted. positions.reset follows.
   */
  'fills.import': {
    request: z.object({ format: FillCsvFormat, csv: z.string().max(MAX_IMPORT_CSV_CHARS, 'the file is too large to send: use the CLI import-fills') }).strict(),
    response: FillImportSummary,
  },
  /** The account's trades from the venue with the key stored by venues.setKeys (Electron); like fills.import otherwise. */
  'fills.importVenue': { request: VenueImport, response: FillImportSummary },
  'positions.list': { request: Empty, response: z.array(Position) },
  /** Every position marked on the live market: P&L, greeks, groups by underlying and expiry, the bucket heat map. */
  'book.view': { request: Empty, response: BookView },
  /** The live market's feed health; null when this desk runs no market (the CLI). */
  'market.status': { request: Empty, response: MarketStatus.nullable() },
  /** The latest accepted calibration of every chain of the live market. */
  'surface.latest': { request: Empty, response: z.array(SurfaceLatest) },
  /** The premium parameters a dealer sets, as in force now. */
  'premium.settings': { request: Empty, response: PremiumSettings },
  /** Change some of them: a new parameter version, checked whole; the quotes take it at the next tick. */
  'premium.update': { request: SettingsChange, response: PremiumSettings },
  /** Risk aversion from "at the vega limit of this bucket, skew by x vol points": a new version. */
  'premium.skew': { request: SkewStatement, response: PremiumSettings },
  /** A backtest of the engine on the simulated market, in a worker thread; progress comes as backtest.changed. */
  'backtest.start': { request: BacktestStart, response: BacktestRun },
  /** The recordings in the data directory's recordings folder that a backtest can replay. */
  'backtest.recordings': { request: Empty, response: z.array(RecordingInfo) },
  /** Stored runs as a CSV (a row each) and an HTML report comparing them. */
  'backtest.report': { request: BacktestReportRequest, response: BacktestReport },
  'backtest.cancel': { request: RunId, response: BacktestRun },
  /** The latest runs, newest first, with their summaries. */
  'backtest.list': { request: z.object({ limit: z.number().int().positive().max(500).default(50) }).strict(), response: z.array(BacktestRun) },
  /** A finished run's P&L path. */
  'backtest.path': { request: RunId, response: BacktestPath },
  /** The book under the spot x vol grid and the stress paths, as is and with the suggested hedges done (nothing stored). */
  'risk.stress': { request: Empty, response: StressAnswer },
  /** A stress scenario into the running simulated market (flash crash, vol spike, drought, correlated crash). */
  'market.scenario': { request: ScenarioInjection, response: ScenarioInjected },
  /** The desk's quotes for one chain as a ladder per expiry (calls | strike | puts), next to the market. */
  'quotes.board': { request: BoardRequest, response: QuoteBoard },
  /** The board asked for now, then its changed rows pushed as quotes.rows after each requote (no fetch per tick). */
  'quotes.watch': { request: BoardWatchRequest, response: BoardWatch },
  /** One option's quote at every size with each premium term and its inputs. */
  'quotes.breakdown': { request: z.object({ instrument: z.string().trim().min(1).max(64) }).strict(), response: QuoteBreakdown },
  /** An online backup now, into the data directory's backups/ (the scheduled ones' rotation applies). */
  'store.backup': { request: Empty, response: BackupInfo },
  /** The book's hedges now (stored, never sent); no market yet answers none and says why. */
  'hedges.suggest': {
    request: Empty,
    response: z.object({ asOf: z.number().nullable(), suggestions: z.array(HedgeSuggestion), bands: z.array(DeltaBand), message: z.string().nullable() }),
  },
  /** The trader did a suggestion (as edited): recorded as a hedge fill linked to it. */
  'hedges.accept': { request: HedgeAcceptance, response: z.object({ suggestion: HedgeSuggestion, fill: Fill }) },
  'hedges.dismiss': { request: HedgeDismissal, response: HedgeSuggestion },
  /** The latest answered suggestions, newest first: the hedges done and the ones dismissed, with why. */
  'hedges.recent': {
    request: z.object({ limit: z.number().int().positive().max(1_000).default(50) }).strict(),
    response: z.array(HedgeAnswer),
  },
  /** Which venues' API keys are stored (never the keys), and whether this host can store them. */
  'venues.keys': { request: Empty, response: z.array(VenueKeysStatus) },
  /** Store a venue's read-only API key, sealed by the OS keychain: Electron only; other hosts answer 'refused' and why. */
  'venues.setKeys': { request: VenueKeys, response: VenueKeysStatus },
  /** The book's greeks, P&L and parameters in force over [from, to), downsampled for a chart. */
  'history.inventory': { request: InventoryHistoryRequest, response: InventoryHistory },
  /** The book as it stood at a moment (the History replay's cursor): snapshot, positions from the fills, last fills, parameters. */
  'history.at': { request: BookAtRequest, response: BookAt },
} as const;

export const eventChannels = {
  /** A fill was stored: the fill, and the instrument's position after it (null when flat). */
  'fills.added': z.object({ fill: Fill, position: Position.nullable() }),
  /** Positions changed wholesale (rebuild, import): the renderer refetches. */
  'positions.reset': Empty,
  /** The live market's health, when it changed (at most 4 a second). */
  'market.health': MarketStatus,
  /** A backtest started, progressed (at most 5 a second) or ended. */
  'backtest.changed': BacktestRun,
  /** A coin's delta left its hedge band or came back inside as the market moved: the hedge panel asks again. */
  'hedges.bands': z.object({ time: z.number(), bands: z.array(DeltaBand) }),
  /** Quotes changed in a requote (at most one per market tick): the board refetches what it shows. */
  'quotes.updated': QuotesUpdated,
  /** A watched board's changed rows (quotes.watch), at most one batch per watch and requote. */
  'quotes.rows': BoardChanges,
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
/** What a caller may send (defaults still to apply). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
/** What a handler receives (parsed, defaults applied). */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

export const INVOKE_CHANNELS = Object.keys(invokeChannels) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(eventChannels) as EventChannel[];

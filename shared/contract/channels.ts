/**
 * The contract: every invoke channel (renderer asks, main answers) and every event channel
 * (main pushes) with its schema. Hosts, bridges and the renderer are all typed from here;
 * adding a channel is one entry below plus its handler in the core.
 */
import { z } from 'zod';
import { InventoryHistory, InventoryHistoryRequest } from './history';
import { MarketStatus, SurfaceLatest } from './market';
import { BackupInfo, DeskStatus, Empty, Fill, HedgeAcceptance, HedgeDismissal, HedgeSuggestion, NewFill, Position } from './schemas';

export const invokeChannels = {
  'desk.status': { request: Empty, response: DeskStatus },
  'fills.add': { request: NewFill, response: Fill },
  'fills.list': {
    request: z.object({ limit: z.number().int().positive().max(10_000).default(200) }).strict(),
    response: z.array(Fill),
  },
  'positions.list': { request: Empty, response: z.array(Position) },
  /** The live market's feed health; null when this desk runs no market (the CLI). */
  'market.status': { request: Empty, response: MarketStatus.nullable() },
  /** The latest accepted calibration of every chain of the live market. */
  'surface.latest': { request: Empty, response: z.array(SurfaceLatest) },
  /** An online backup now, into the data directory's backups/ (the scheduled ones' rotation applies). */
  'store.backup': { request: Empty, response: BackupInfo },
  /** The book's hedges now (stored, never sent); no market yet answers none and says why. */
  'hedges.suggest': {
    request: Empty,
    response: z.object({ asOf: z.number().nullable(), suggestions: z.array(HedgeSuggestion), message: z.string().nullable() }),
  },
  /** The trader did a suggestion (as edited): recorded as a hedge fill linked to it. */
  'hedges.accept': { request: HedgeAcceptance, response: z.object({ suggestion: HedgeSuggestion, fill: Fill }) },
  'hedges.dismiss': { request: HedgeDismissal, response: HedgeSuggestion },
  /** The book's greeks, P&L and parameters in force over [from, to), downsampled for a chart. */
  'history.inventory': { request: InventoryHistoryRequest, response: InventoryHistory },
} as const;

export const eventChannels = {
  /** A fill was stored: the fill, and the instrument's position after it (null when flat). */
  'fills.added': z.object({ fill: Fill, position: Position.nullable() }),
  /** Positions changed wholesale (rebuild, import): the renderer refetches. */
  'positions.reset': Empty,
  /** The live market's health, when it changed (at most 4 a second). */
  'market.health': MarketStatus,
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

/**
 * Runtime schemas of every payload that crosses a bridge. The domain types both sides see are
 * inferred from them, so a type and its validation can never drift apart.
 */
import { z } from 'zod';
import { checkInstrumentName } from '../domain/instrument';

export const InstrumentName = z
  .string()
  .trim()
  .min(1, 'instrument is required')
  .max(64, 'instrument name too long')
  .superRefine((name, ctx) => {
    const checked = checkInstrumentName(name);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.reason });
  });

export const Side = z.enum(['buy', 'sell']);
export type Side = z.infer<typeof Side>;

export const FillSource = z.enum(['manual', 'import', 'hedge']);
export type FillSource = z.infer<typeof FillSource>;

/** zod 4 numbers already refuse NaN and Infinity; the message says so in the field's words. */
const finite = (what: string) => z.number({ error: `${what} must be a finite number` });

/** A fill as a user, an import or a hedge reports it, before the store gives it an id. */
export const NewFill = z
  .object({
    instrument: InstrumentName,
    side: Side,
    /** Contracts, always positive; the side gives the sign. */
    size: finite('size').refine((v) => v > 0, 'size must be positive'),
    /** Per contract, in the instrument's price currency (coin for inverse options). */
    price: finite('price').refine((v) => v >= 0, 'price must not be negative'),
    /** Total fee of the fill in the price currency; a rebate is negative. */
    fee: finite('fee').default(0),
    /** Execution time, ms since epoch; the store's clock when absent. */
    time: z.number().int().positive().optional(),
    venue: z.string().trim().min(1).max(32).default('manual'),
    source: FillSource.default('manual'),
    /** The venue's own trade id; a second fill with the same venue and id is a duplicate. */
    venueTradeId: z.string().trim().min(1).max(128).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type NewFill = z.input<typeof NewFill>;

export const Fill = z.object({
  id: z.number().int().positive(),
  instrument: z.string(),
  side: Side,
  size: z.number(),
  price: z.number(),
  fee: z.number(),
  time: z.number(),
  venue: z.string(),
  source: FillSource,
  venueTradeId: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: z.number(),
});
export type Fill = z.infer<typeof Fill>;

/** Net position in one instrument, derived from its fills (average-cost accounting). */
export const Position = z.object({
  instrument: z.string(),
  /**
   * The currency of P&L and fees: the coin for inverse instruments, USDC or USDT for linear ones. avgPrice
   * is in the price currency: the same, except USD for inverse futures and perpetuals.
   */
  currency: z.string(),
  /** Signed contracts: positive long, negative short. */
  size: z.number(),
  /** Average entry price of the open size, in the price currency (harmonic for inverse futures). */
  avgPrice: z.number(),
  /** Realized P&L in the price currency, before fees. */
  realizedPnl: z.number(),
  fees: z.number(),
  fillCount: z.number().int(),
  lastFillTime: z.number(),
});
export type Position = z.infer<typeof Position>;

/** A backup file that passed SQLite's integrity_check and the schema check. */
export const BackupInfo = z.object({
  file: z.string(),
  bytes: z.number().int(),
  schemaVersion: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const HedgeKind = z.enum(['delta', 'cross', 'vega', 'gamma']);

/** A stored hedge suggestion and what became of it. Cost and risk in USD; size in the instrument's lots. */
export const HedgeSuggestion = z.object({
  id: z.number().int().positive(),
  created: z.number(),
  kind: HedgeKind,
  instrument: z.string(),
  side: Side,
  size: z.number(),
  /** Mark or theo it is expected near, in the instrument's price currency. */
  price: z.number(),
  cost: z.number(),
  /** The risk it addresses, before and after: its coin's own for delta, the book's for cross, the delta-hedged book's for vega and gamma. */
  riskBefore: z.number(),
  riskAfter: z.number(),
  status: z.enum(['open', 'accepted', 'dismissed']),
  /** The hedge fill recorded when it was accepted. */
  fillId: z.number().int().nullable(),
});
export type HedgeSuggestion = z.infer<typeof HedgeSuggestion>;

/**
 * A coin's delta against its Whalley-Wilmott no-transaction band, USD of spot exposure: the
 * hedge is left alone while |delta - target| <= halfWidth, else traded back to the nearer edge.
 */
export const DeltaBand = z.object({
  underlying: z.string(),
  /** The perpetual or future the delta would be hedged in. */
  instrument: z.string(),
  deltaUsd: z.number(),
  targetUsd: z.number(),
  halfWidthUsd: z.number(),
  outside: z.boolean(),
});
export type DeltaBand = z.infer<typeof DeltaBand>;

/** Accepting a suggestion records what was actually done, as a fill with source 'hedge'. */
export const HedgeAcceptance = z
  .object({
    suggestionId: z.number().int().positive(),
    /** The suggestion's instrument and side unless the trader did otherwise. */
    instrument: InstrumentName.optional(),
    side: Side.optional(),
    size: finite('size').refine((v) => v > 0, 'size must be positive'),
    price: finite('price').refine((v) => v >= 0, 'price must not be negative'),
    fee: finite('fee').default(0),
    time: z.number().int().positive().optional(),
    venue: z.string().trim().min(1).max(32).default('manual'),
    venueTradeId: z.string().trim().min(1).max(128).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();

/** A suggestion the trader answered: when, the hedge fill recorded, or the reason it was dismissed. */
export const HedgeAnswer = z.object({ suggestion: HedgeSuggestion, answeredAt: z.number(), reason: z.string().nullable(), fill: Fill.nullable() });
export type HedgeAnswer = z.infer<typeof HedgeAnswer>;

export const HedgeDismissal = z.object({ suggestionId: z.number().int().positive(), reason: z.string().trim().max(500).optional() }).strict();

/** The fill files the desk reads: Deribit's transaction log, or the desk's own fills export. */
export const FillCsvFormat = z.enum(['deribit', 'desk']);
export type FillCsvFormat = z.infer<typeof FillCsvFormat>;

/** An import's outcome; an import with any bad line is refused whole, with every line's problem. */
export const FillImportSummary = z.object({
  /** The file or venue, as problems name it. */
  source: z.string(),
  added: z.number().int().nonnegative(),
  /** Fills already stored (same venue and trade id), skipped. */
  duplicates: z.number().int().nonnegative(),
  /** Rows that are not fills (deposits, settlements, deliveries ...), by kind. */
  skipped: z.record(z.string(), z.number().int().nonnegative()),
});
export type FillImportSummary = z.infer<typeof FillImportSummary>;

/** Venues the desk can hold an API key for (read-only keys, for importing the account's trades). */
export const KeyVenue = z.enum(['deribit']);

/** The account's trades from a venue, with its stored key: from `since` (default: all) to now. */
export const VenueImport = z.object({ venue: KeyVenue, since: z.number().int().nonnegative().optional() }).strict();

export const VenueKeys = z
  .object({
    venue: KeyVenue,
    clientId: z.string().trim().min(1, 'the client id is required').max(200),
    clientSecret: z.string().trim().min(1, 'the client secret is required').max(500),
  })
  .strict();

/** Whether a venue's key is stored, and whether this host can store one (and if not, why). */
export const VenueKeysStatus = z.object({ venue: KeyVenue, stored: z.boolean(), canStore: z.boolean(), message: z.string().nullable() });
export type VenueKeysStatus = z.infer<typeof VenueKeysStatus>;

export const HostMode = z.enum(['electron', 'browser', 'cli']);
export type HostMode = z.infer<typeof HostMode>;

export const StoreHealth = z.object({
  ok: z.boolean(),
  path: z.string(),
  schemaVersion: z.number().int(),
  journalMode: z.string(),
  fills: z.number().int(),
  positions: z.number().int(),
  message: z.string().optional(),
});
export type StoreHealth = z.infer<typeof StoreHealth>;

export const DeskStatus = z.object({
  version: z.string(),
  hostMode: HostMode,
  dataDir: z.string(),
  store: StoreHealth,
  now: z.number(),
});
export type DeskStatus = z.infer<typeof DeskStatus>;

export const Empty = z.object({}).strict();

/**
 * Every failed call answers with one of these codes and a message a user can act on. 'refused':
 * not done for a reason outside the request, which the message names: this host stores no API
 * keys (the browser host), no key is stored, the venue refused the key or could not be reached.
 */
export const ErrorCode = z.enum(['invalid_request', 'unknown_channel', 'duplicate', 'storage', 'refused', 'internal']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const DeskError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Field-level problems, keyed by the payload path ('size', 'instrument'). */
  fields: z.record(z.string(), z.string()).optional(),
});
export type DeskError = z.infer<typeof DeskError>;

/** What every invoke answers over either bridge: never a thrown error across the boundary. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DeskError };

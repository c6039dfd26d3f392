/**
 * Premium parameter sets, versioned: every set the engine ever quoted with is kept, with where it
 * came from and when, so a stored quote's parameters can always be read back by id and the
 * parameters in force can show their age.
 */
import type { Database, Statement } from 'better-sqlite3';
import { premiumParams, type PremiumParams } from '../premium/params';

export type ParamsSource = 'default' | 'file' | 'calibrated';

export interface StoredParams {
  id: number;
  created: number;
  source: ParamsSource;
  note: string | null;
  params: PremiumParams;
}

interface ParamsRow {
  id: number;
  created_ms: number;
  source: ParamsSource;
  note: string | null;
  params_json: string;
}

function storedOf(row: ParamsRow): StoredParams {
  return { id: row.id, created: row.created_ms, source: row.source, note: row.note, params: premiumParams(JSON.parse(row.params_json)) };
}

export class PremiumParamsStore {
  private readonly insert: Statement<[number, ParamsSource, string | null, string]>;
  private readonly byId: Statement<[number], ParamsRow>;
  private newest: StoredParams | null = null;
  private readonly newestIdOf: Statement<[], { id: number | null }>;
  private readonly atTime: Statement<[number], Pick<ParamsRow, 'id' | 'source' | 'created_ms'>>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO premium_params (created_ms, source, note, params_json) VALUES (?, ?, ?, ?)');
    this.byId = db.prepare('SELECT * FROM premium_params WHERE id = ?');
    this.newestIdOf = db.prepare('SELECT max(id) AS id FROM premium_params');
    this.atTime = db.prepare('SELECT id, source, created_ms FROM premium_params WHERE created_ms <= ? ORDER BY id DESC LIMIT 1');
  }

  /** Store a checked parameter set as a new version; returns it with its id. */
  save(params: PremiumParams, created: number, source: ParamsSource, note: string | null = null): StoredParams {
    const checked = premiumParams(params);
    const id = Number(this.insert.run(created, source, note, JSON.stringify(checked)).lastInsertRowid);
    return { id, created, source, note, params: checked };
  }

  get(id: number): StoredParams | null {
    const row = this.byId.get(id);
    return row ? storedOf(row) : null;
  }

  /** The id of the set in force without reading it (a live loop asks this on every tick); null before any. */
  currentId(): number | null {
    return this.newestIdOf.get()!.id;
  }

  /** The set that was in force at a time (the newest created by then), without its parameters; null before the first. */
  inForceAt(time: number): { id: number; source: ParamsSource; since: number } | null {
    const row = this.atTime.get(time);
    return row ? { id: row.id, source: row.source, since: row.created_ms } : null;
  }

  /** The parameters in force for a read-only view: the newest stored, else the defaults (not stored). */
  paramsInForce(): PremiumParams {
    return this.newestStored()?.params ?? premiumParams({});
  }

  /** The set in force: the newest stored, or the defaults stored as the first version. */
  current(now: number): StoredParams {
    return this.newestStored() ?? this.save(premiumParams({}), now, 'default');
  }

  /**
   * The newest stored set, parsed once per version: sets are never changed once stored, and the
   * desk asks for the one in force every second (snapshots, views) and on every request.
   */
  private newestStored(): StoredParams | null {
    const id = this.currentId();
    if (id === null) return null;
    if (this.newest?.id !== id) this.newest = frozen(storedOf(this.byId.get(id)!));
    return this.newest;
  }
}

/** Shared between callers, so nobody may change it: a write throws instead of reaching the others. */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

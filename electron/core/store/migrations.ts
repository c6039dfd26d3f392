/**
 * Numbered schema migrations. The schema version lives in PRAGMA user_version; each migration
 * runs in its own transaction with the version bump, so a crash leaves the database at a whole
 * version. Append only: never edit a migration that has shipped.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'fills (source of truth) and positions derived from them',
    sql: `
      CREATE TABLE fills (
        id              INTEGER PRIMARY KEY,
        instrument      TEXT    NOT NULL,
        side            TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
        size            REAL    NOT NULL CHECK (size > 0),
        price           REAL    NOT NULL CHECK (price >= 0),
        fee             REAL    NOT NULL,
        time_ms         INTEGER NOT NULL,
        venue           TEXT    NOT NULL,
        source          TEXT    NOT NULL CHECK (source IN ('manual', 'import', 'hedge')),
        venue_trade_id  TEXT,
        note            TEXT,
        recorded_at_ms  INTEGER NOT NULL,
        UNIQUE (venue, venue_trade_id)
      );
      CREATE INDEX fills_by_instrument_time ON fills (instrument, time_ms, id);
      CREATE INDEX fills_by_time ON fills (time_ms, id);

      CREATE TABLE positions (
        instrument       TEXT    PRIMARY KEY,
        currency         TEXT    NOT NULL,
        size             REAL    NOT NULL,
        avg_price        REAL    NOT NULL,
        realized_pnl     REAL    NOT NULL,
        fees             REAL    NOT NULL,
        fill_count       INTEGER NOT NULL,
        last_fill_time   INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'accepted surface calibrations and their slices, for review and replay',
    sql: `
      CREATE TABLE surface_calibrations (
        id                INTEGER PRIMARY KEY,
        venue             TEXT    NOT NULL,
        underlying        TEXT    NOT NULL,
        inputs_time_ms    INTEGER NOT NULL,
        calibrated_at_ms  INTEGER NOT NULL,
        source            TEXT    NOT NULL CHECK (source IN ('bid_ask', 'mark')),
        warm              INTEGER NOT NULL CHECK (warm IN (0, 1)),
        duration_ms       REAL    NOT NULL
      );
      CREATE INDEX surface_calibrations_by_time ON surface_calibrations (venue, underlying, inputs_time_ms, id);

      CREATE TABLE surface_slices (
        calibration_id  INTEGER NOT NULL REFERENCES surface_calibrations (id) ON DELETE CASCADE,
        expiry_ms       INTEGER NOT NULL,
        t_years         REAL    NOT NULL,
        forward         REAL,
        model           TEXT    CHECK (model IN ('svi', 'ssvi')),
        a REAL, b REAL, rho REAL, m REAL, sigma REAL,
        n_used          INTEGER NOT NULL,
        n_dropped       INTEGER NOT NULL,
        dropped_json    TEXT    NOT NULL,
        rmse_vol_pts    REAL,
        within_bid_ask  REAL,
        butterfly       INTEGER NOT NULL CHECK (butterfly IN (0, 1)),
        calendar        INTEGER NOT NULL CHECK (calendar IN (0, 1)),
        PRIMARY KEY (calibration_id, expiry_ms)
      );
    `,
  },
  {
    version: 3,
    description: 'premium parameter sets (versioned) and the journal of published quotes with their breakdown',
    sql: `
      CREATE TABLE premium_params (
        id          INTEGER PRIMARY KEY,
        created_ms  INTEGER NOT NULL,
        source      TEXT    NOT NULL CHECK (source IN ('default', 'file', 'calibrated')),
        note        TEXT,
        params_json TEXT    NOT NULL
      );

      CREATE TABLE quotes (
        id             INTEGER PRIMARY KEY,
        time_ms        INTEGER NOT NULL,
        instrument     TEXT    NOT NULL,
        size           REAL    NOT NULL,
        params_id      INTEGER NOT NULL REFERENCES premium_params (id),
        theo           REAL    NOT NULL,
        vol            REAL    NOT NULL,
        bid            REAL,
        ask            REAL,
        bid_suppressed TEXT,
        ask_suppressed TEXT,
        breakdown      BLOB    NOT NULL
      );
      CREATE INDEX quotes_by_instrument_time ON quotes (instrument, time_ms, id);
      CREATE INDEX quotes_by_time ON quotes (time_ms, id);
    `,
  },
  {
    version: 4,
    description: 'hedge suggestions, and what the trader did with each: accepted (linked to the hedge fill recorded) or dismissed',
    sql: `
      CREATE TABLE hedge_suggestions (
        id           INTEGER PRIMARY KEY,
        created_ms   INTEGER NOT NULL,
        kind         TEXT    NOT NULL CHECK (kind IN ('delta', 'cross', 'vega', 'gamma')),
        instrument   TEXT    NOT NULL,
        side         TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
        size         REAL    NOT NULL CHECK (size > 0),
        price        REAL    NOT NULL,
        cost         REAL    NOT NULL,
        risk_before  REAL    NOT NULL,
        risk_after   REAL    NOT NULL
      );
      CREATE INDEX hedge_suggestions_by_time ON hedge_suggestions (created_ms, id);

      CREATE TABLE hedge_acceptances (
        suggestion_id  INTEGER PRIMARY KEY REFERENCES hedge_suggestions (id),
        fill_id        INTEGER NOT NULL UNIQUE REFERENCES fills (id),
        accepted_ms    INTEGER NOT NULL
      );

      CREATE TABLE hedge_dismissals (
        suggestion_id  INTEGER PRIMARY KEY REFERENCES hedge_suggestions (id),
        dismissed_ms   INTEGER NOT NULL,
        reason         TEXT
      );
    `,
  },
  {
    version: 5,
    description: 'inventory snapshots (book greeks, P&L, parameters in force) at 1 s and on fills, with a per-minute rollup that outlives them',
    sql: `
      -- The by-bucket detail of a snapshot is a BLOB of float64s named by its layout (factor and
      -- per-coin greek labels), stored once per distinct label set.
      CREATE TABLE inventory_layouts (
        id           INTEGER PRIMARY KEY,
        labels_json  TEXT    NOT NULL UNIQUE
      );

      -- One row per snapshot, keyed by its time (the rowid: no second index). Narrow and numeric,
      -- so a range scan reads chartable totals only; the detail lives beside it.
      CREATE TABLE inventory_snapshots (
        time_ms         INTEGER PRIMARY KEY,
        fill_id         INTEGER REFERENCES fills (id),
        params_id       INTEGER NOT NULL REFERENCES premium_params (id),
        delta_usd       REAL    NOT NULL,
        gamma_usd       REAL    NOT NULL,
        vega            REAL    NOT NULL,
        theta           REAL    NOT NULL,
        vanna           REAL    NOT NULL,
        volga           REAL    NOT NULL,
        realized_usd    REAL    NOT NULL,
        unrealized_usd  REAL    NOT NULL,
        fees_usd        REAL    NOT NULL,
        unmarked        INTEGER NOT NULL CHECK (unmarked >= 0)
      );

      CREATE TABLE inventory_details (
        time_ms    INTEGER PRIMARY KEY REFERENCES inventory_snapshots (time_ms) ON DELETE CASCADE,
        layout_id  INTEGER NOT NULL REFERENCES inventory_layouts (id),
        exposures  BLOB    NOT NULL
      );

      -- Per closed minute: min, max and last of every series, and the minute's last snapshot's
      -- detail. Written as each minute closes; the 1 s rows older than the retention are deleted
      -- and this tier remains.
      CREATE TABLE inventory_minutes (
        minute_ms   INTEGER PRIMARY KEY,
        snapshots   INTEGER NOT NULL CHECK (snapshots > 0),
        last_ms     INTEGER NOT NULL,
        params_id   INTEGER NOT NULL REFERENCES premium_params (id),
        unmarked    INTEGER NOT NULL,
        delta_usd_min REAL NOT NULL, delta_usd_max REAL NOT NULL, delta_usd_last REAL NOT NULL,
        gamma_usd_min REAL NOT NULL, gamma_usd_max REAL NOT NULL, gamma_usd_last REAL NOT NULL,
        vega_min REAL NOT NULL, vega_max REAL NOT NULL, vega_last REAL NOT NULL,
        theta_min REAL NOT NULL, theta_max REAL NOT NULL, theta_last REAL NOT NULL,
        vanna_min REAL NOT NULL, vanna_max REAL NOT NULL, vanna_last REAL NOT NULL,
        volga_min REAL NOT NULL, volga_max REAL NOT NULL, volga_last REAL NOT NULL,
        realized_usd_min REAL NOT NULL, realized_usd_max REAL NOT NULL, realized_usd_last REAL NOT NULL,
        unrealized_usd_min REAL NOT NULL, unrealized_usd_max REAL NOT NULL, unrealized_usd_last REAL NOT NULL,
        fees_usd_min REAL NOT NULL, fees_usd_max REAL NOT NULL, fees_usd_last REAL NOT NULL,
        net_usd_min REAL NOT NULL, net_usd_max REAL NOT NULL, net_usd_last REAL NOT NULL,
        layout_id   INTEGER REFERENCES inventory_layouts (id),
        exposures   BLOB
      );
    `,
  },
  {
    version: 6,
    description: 'backtest runs started from the desk: configuration, outcome (done, cancelled, failed) and result',
    sql: `
      CREATE TABLE backtest_runs (
        id           INTEGER PRIMARY KEY,
        started_ms   INTEGER NOT NULL,
        finished_ms  INTEGER,
        config_json  TEXT    NOT NULL,
        state        TEXT    NOT NULL CHECK (state IN ('running', 'done', 'cancelled', 'failed')),
        error        TEXT,
        result_json  TEXT,
        CHECK ((state = 'done') = (result_json IS NOT NULL))
      );
    `,
  },
  {
    version: 7,
    description: "the desk's mark of each option fill at the fill and at each markout horizon (1 s to 5 min), for markouts and their calibration",
    sql: `
      CREATE TABLE fill_marks (
        fill_id        INTEGER PRIMARY KEY REFERENCES fills (id),
        vega_price     REAL NOT NULL,
        usd_per_price  REAL NOT NULL,
        mark           REAL NOT NULL,
        mark_1s        REAL,
        mark_5s        REAL,
        mark_30s       REAL,
        mark_1m        REAL,
        mark_5m        REAL
      );
    `,
  },
  {
    version: 8,
    description: 'fills without the (instrument, time) index: ingest a million fills in under 5 s (issue 10)',
    // Its entries went in at one point per instrument, each insert splitting pages mid-tree: it
    // was half the cost of an ingest. What used it reads otherwise: a replay of instruments (a
    // fill older than its position's last) is one scan of the table, the look-up of a fill without
    // a trade id goes by its time (fills_by_time).
    sql: `DROP INDEX fills_by_instrument_time;`,
  },
  {
    version: 9,
    description: "surface calibrations by chain: a coin's calibrations per settlement (inverse, USDC-, USDT-linear)",
    // A venue may list one coin's options in more than one settlement (Bybit: USDC and USDT), each
    // a chain of its own: a chain warm-starts from its own last fit, not the other's. NULL: recorded
    // before this migration, its chain unsaid (no chain warm-starts from it).
    sql: `
      ALTER TABLE surface_calibrations ADD COLUMN settlement TEXT CHECK (settlement IN ('inverse', 'linear', 'linear_usdt'));
      CREATE INDEX surface_calibrations_by_chain ON surface_calibrations (venue, underlying, settlement, inputs_time_ms, id);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `this database has schema version ${found}, newer than this desk understands (${supported}); ` +
        'it was written by a newer version of the desk: upgrade the desk, or open another data directory',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Bring the database up to SCHEMA_VERSION, or refuse one newer than this code. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const target = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const current = schemaVersion(db);
  if (current > target) throw new SchemaTooNewError(current, target);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${index + 1} is numbered ${migration.version}`);
  });
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}

/**
 * Schema migrations, tracked by `PRAGMA user_version`. Append a new entry to change the
 * schema; never edit an applied one. Each runs in an IMMEDIATE transaction that re-reads the
 * version first, so two processes opening a fresh file at once migrate it exactly once.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: initial schema
  `
  CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    version INTEGER NOT NULL,
    evaluated_at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holdout', 'backtest', 'live')),
    from_day TEXT NOT NULL,
    to_day TEXT NOT NULL,
    n INTEGER NOT NULL CHECK (n >= 0),
    metrics TEXT NOT NULL,
    source TEXT
  );
  CREATE INDEX evaluations_symbol_time ON evaluations (symbol, evaluated_at);

  CREATE TABLE live_scores (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    version INTEGER NOT NULL,
    scored_at TEXT NOT NULL,
    from_day TEXT NOT NULL,
    to_day TEXT NOT NULL,
    n INTEGER NOT NULL CHECK (n >= 0),
    direction_accuracy REAL,
    mape REAL,
    mean_confidence REAL,
    details TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX live_scores_symbol_time ON live_scores (symbol, scored_at);

  CREATE TABLE predictions (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    as_of TEXT NOT NULL,
    target_date TEXT,
    forecast_close REAL NOT NULL,
    last_close REAL,
    direction TEXT NOT NULL CHECK (direction IN ('up', 'down', 'flat')),
    confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    model_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX predictions_symbol_latest ON predictions (symbol, as_of, created_at, id);

  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    symbol TEXT,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    message TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
    acknowledged_at TEXT
  );
  CREATE INDEX alerts_time ON alerts (at);
  CREATE INDEX alerts_symbol_time ON alerts (symbol, at);

  CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    paths TEXT NOT NULL DEFAULT '[]',
    summary TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX reports_kind_time ON reports (kind, at);

  CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    symbol TEXT NOT NULL,
    challenger_version INTEGER,
    champion_version INTEGER,
    promoted INTEGER NOT NULL CHECK (promoted IN (0, 1)),
    reason TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    workflow_id TEXT
  );
  CREATE INDEX decisions_symbol_time ON decisions (symbol, at);
  `,
  // 2: incidents
  // ---- BEGIN incidents migration (issue 9, item 4: alerts become incidents) ----
  // One OPEN incident per (symbol, rule): a partial unique index (NULL symbol = system-wide,
  // folded to '' so two system incidents of one rule collide too). The old `alerts` table stays.
  `
  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol TEXT,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    message TEXT NOT NULL,
    advice TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    occurrences INTEGER NOT NULL CHECK (occurrences >= 1),
    resolved_at TEXT,
    acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
    acknowledged_at TEXT,
    CHECK ((status = 'open') = (resolved_at IS NULL))
  );
  CREATE UNIQUE INDEX incidents_one_open ON incidents (ifnull(symbol, ''), rule) WHERE status = 'open';
  CREATE INDEX incidents_status_seen ON incidents (status, last_seen);
  `,
  // ---- END incidents migration ----
  // 3: retrain attempts
  // ── BEGIN retrain_attempts (issue 9, retrain policy) ─────────────────────────────────────
  // Every retrain attempt of a symbol and its outcome: the retrain policy counts its cooldown
  // from the last attempt and refuses to retrain on the data an attempt already trained on.
  `
  CREATE TABLE retrain_attempts (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    started_at TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    last_bar TEXT,
    outcome TEXT NOT NULL DEFAULT 'started' CHECK (outcome IN ('started', 'promoted', 'kept', 'failed')),
    detail TEXT,
    finished_at TEXT,
    UNIQUE (workflow_id, run_id)
  );
  CREATE INDEX retrain_attempts_symbol_time ON retrain_attempts (symbol, started_at);
  `,
  // ── END retrain_attempts ─────────────────────────────────────────────────────────────────
  // ---- begin h3: refresh_status (issue 9 item 5, freshness) ----
  // 4: each symbol's last price refresh outcome, one row per symbol (upserted by fetchPrices)
  `
  CREATE TABLE refresh_status (
    symbol TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error TEXT,
    last_bar TEXT,
    last_success_at TEXT
  );
  `,
  // ---- end h3: refresh_status ----
  // ---- begin h4: forecast intervals (issue 10) ----
  // 5: predictions may say direction 'none' and carry their 80% / 95% close intervals (rebuilt: SQLite cannot alter a CHECK)
  `
  CREATE TABLE predictions_v5 (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    as_of TEXT NOT NULL,
    target_date TEXT,
    forecast_close REAL NOT NULL,
    last_close REAL,
    direction TEXT NOT NULL CHECK (direction IN ('up', 'down', 'none', 'flat')),
    confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    model_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    p80_low REAL,
    p80_high REAL,
    p95_low REAL,
    p95_high REAL
  );
  INSERT INTO predictions_v5 (id, symbol, as_of, target_date, forecast_close, last_close, direction, confidence, model_version, created_at, details)
    SELECT id, symbol, as_of, target_date, forecast_close, last_close, direction, confidence, model_version, created_at, details FROM predictions;
  DROP TABLE predictions;
  ALTER TABLE predictions_v5 RENAME TO predictions;
  CREATE INDEX predictions_symbol_latest ON predictions (symbol, as_of, created_at, id);
  `,
  // ---- end h4: forecast intervals ----
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies pending migrations; returns the versions applied by this call. */
export function migrate(db: Database.Database): number[] {
  const applied: number[] = [];
  for (;;) {
    const step = db.transaction((): number | null => {
      const current = schemaVersion(db);
      const migration = MIGRATIONS[current];
      if (migration === undefined) return null;
      db.exec(migration);
      db.pragma(`user_version = ${current + 1}`);
      return current + 1;
    });
    const version = step.immediate();
    if (version === null) return applied;
    applied.push(version);
  }
}

/**
 * HistoryStore: the history behind monitoring, the dashboard and the API, on one of two engines
 * through the SqlDatabase interface (domain/sql): the embedded SQLite file
 * (`<dataDir>/history.sqlite`; WAL mode and a busy timeout let the worker write while the API
 * reads from another process; schema versioned with `PRAGMA user_version`) or a shared
 * PostgreSQL (`store.url`; schema versioned in `stockflow_schema`, migrated under an advisory lock).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migratePostgres, postgresSchemaVersion } from '../sql/pg-schema.js';
import { PostgresDatabase } from '../sql/postgres-database.js';
import type { SqlDatabase, SqlDialect } from '../sql/sql-database.js';
import { SqliteDatabase } from '../sql/sqlite-database.js';
import { DecisionsTable } from './decisions.js';
import { HistorySchemaError } from './errors.js';
import { EvaluationsTable, type EvaluationQuery } from './evaluations.js';
import { IncidentsTable, type IncidentCount, type IncidentQuery, type IncidentReconciliation, type IncidentScope } from './incidents.js';
import { LiveScoresTable, type LiveScoreQuery } from './live-scores.js';
import { SCHEMA_VERSION, migrate, schemaVersion } from './migrations.js';
import { PG_COMPONENT, PG_MIGRATIONS, PG_SCHEMA_VERSION } from './pg-migrations.js';
import { PredictionsTable } from './predictions.js';
import { RefreshStatusTable } from './refresh-status.js';
import { ReportsTable, type ReportQuery } from './reports.js';
import type { Incident, IncidentCondition } from '../../common/wire/index.js';
import { RetrainAttemptsTable } from './retrain-attempts.js';
import type {
  DecisionInput,
  DecisionRecord,
  EvaluationInput,
  EvaluationKind,
  EvaluationRecord,
  LiveScoreInput,
  LiveScoreRecord,
  PredictionInput,
  PredictionRecord,
  RefreshStatusInput,
  RefreshStatusRecord,
  ReportInput,
  ReportRecord,
  RetrainAttemptFinish,
  RetrainAttemptRecord,
  RetrainAttemptStart,
  SinceQuery,
  Timestamp,
} from './types.js';

export const HISTORY_FILE_NAME = 'history.sqlite';

/** `<dataDir>/history.sqlite` */
export function historyFile(dataDir: string): string {
  return path.join(dataDir, HISTORY_FILE_NAME);
}

export interface HistoryStoreOptions {
  /** Database file; created (with its directory) unless `readonly`. */
  file: string;
  /** Open read-only (e.g. the API): no migrations, and the schema must be current. */
  readonly?: boolean;
  /** How long to wait for another connection's write lock, ms (default 5000). */
  busyTimeoutMs?: number;
  /** Clock for default timestamps. */
  now?: () => Date;
}

export interface PostgresHistoryOptions {
  /** postgres:// or postgresql:// URL of the shared store (`store.url`). */
  url: string;
  /** A plain read-only connection (the API): no migrations, and the schema must be current. */
  readonly?: boolean;
  /** How long to wait for the server, ms (default 10000). */
  connectTimeoutMs?: number;
  /** Clock for default timestamps. */
  now?: () => Date;
}

export class HistoryStore {
  /** Where the history is: the SQLite file, or the store URL without its password. */
  readonly file: string;
  readonly engine: SqlDialect;
  private readonly evaluations: EvaluationsTable;
  private readonly liveScores: LiveScoresTable;
  private readonly predictions: PredictionsTable;
  private readonly incidentsTable: IncidentsTable;
  private readonly reports: ReportsTable;
  private readonly decisions: DecisionsTable;
  private readonly retrainAttempts: RetrainAttemptsTable;
  private readonly refreshStatuses: RefreshStatusTable;

  private constructor(private readonly db: SqlDatabase, now: () => Date) {
    this.file = db.location;
    this.engine = db.dialect;
    this.evaluations = new EvaluationsTable(db, now);
    this.liveScores = new LiveScoresTable(db, now);
    this.predictions = new PredictionsTable(db, now);
    this.incidentsTable = new IncidentsTable(db, now);
    this.reports = new ReportsTable(db, now);
    this.decisions = new DecisionsTable(db, now);
    this.retrainAttempts = new RetrainAttemptsTable(db, now);
    this.refreshStatuses = new RefreshStatusTable(db, now);
  }

  /** Opens (and, unless read-only, creates and migrates) the SQLite database file. */
  static open(options: HistoryStoreOptions): HistoryStore {
    const file = path.resolve(options.file);
    if (!options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
    // `timeout` is SQLite's busy_timeout: wait for another process's write lock instead of failing.
    const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 5000 });
    try {
      checkVersion(file, schemaVersion(db), SCHEMA_VERSION, options.readonly ?? false);
      if (!options.readonly) {
        // WAL: readers never block the writer and see a consistent snapshot. Persistent per file.
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        migrate(db);
      }
      return new HistoryStore(new SqliteDatabase(db, file), options.now ?? (() => new Date()));
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Connects to the shared PostgreSQL store and (unless read-only) migrates its history schema. */
  static openPostgres(options: PostgresHistoryOptions): HistoryStore {
    const db = PostgresDatabase.connect({ url: options.url, connectTimeoutMs: options.connectTimeoutMs, readOnly: options.readonly ?? false });
    try {
      checkVersion(db.location, postgresSchemaVersion(db, PG_COMPONENT), PG_SCHEMA_VERSION, options.readonly ?? false);
      if (!options.readonly) migratePostgres(db, PG_COMPONENT, PG_MIGRATIONS);
      return new HistoryStore(db, options.now ?? (() => new Date()));
    } catch (err) {
      db.close();
      throw err;
    }
  }

  schemaVersion(): number {
    return this.db instanceof SqliteDatabase ? schemaVersion(this.db.db) : postgresSchemaVersion(this.db, PG_COMPONENT);
  }

  /** SQLite's journal mode (`wal`); null on PostgreSQL. */
  journalMode(): string | null {
    return this.db instanceof SqliteDatabase ? String(this.db.db.pragma('journal_mode', { simple: true })) : null;
  }

  /**
   * A stamp that changes whenever the database may have changed: a commit by another connection
   * (SQLite's `data_version`) or by this one (`total_changes()`). Readers cache what they derived
   * from the database while it stays the same (the API's status rows). null: no such stamp (an
   * engine without one; then nothing may be cached).
   */
  changeStamp(): string | null {
    // PostgreSQL has no cheap cross-connection change counter: nothing is cached there.
    if (!(this.db instanceof SqliteDatabase)) return null;
    const dataVersion = this.db.db.pragma('data_version', { simple: true });
    const ownChanges = this.db.get('SELECT total_changes() AS n')?.['n'];
    return `${String(dataVersion)}:${String(ownChanges)}`;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // evaluations
  addEvaluation(input: EvaluationInput): EvaluationRecord {
    return this.evaluations.add(input);
  }

  /** Oldest first; filter by time, kind, version; `limit` keeps the newest. */
  evaluationHistory(symbol: string, query: EvaluationQuery = {}): EvaluationRecord[] {
    return this.evaluations.history(symbol, query);
  }

  latestEvaluation(symbol: string, kind?: EvaluationKind): EvaluationRecord | null {
    return this.evaluations.latest(symbol, kind);
  }

  /** The newest evaluation of every symbol (of `kind`, when given), by symbol: one query for all symbols. */
  latestEvaluations(kind?: EvaluationKind): EvaluationRecord[] {
    return this.evaluations.latestPerSymbol(kind);
  }

  // live scores
  addLiveScore(input: LiveScoreInput): LiveScoreRecord {
    return this.liveScores.add(input);
  }

  /** Oldest first; `limit` keeps the newest (trend analysis compares windows of these). */
  liveScoreHistory(symbol: string, query: LiveScoreQuery = {}): LiveScoreRecord[] {
    return this.liveScores.history(symbol, query);
  }

  /** The newest live score of every symbol (any version), by symbol: one query for all symbols. */
  latestLiveScores(): LiveScoreRecord[] {
    return this.liveScores.latestPerSymbol();
  }

  /** The newest live score of each given (symbol, version) — e.g. every champion — by symbol: one query. */
  latestLiveScoresOf(versions: ReadonlyArray<{ symbol: string; version: number }>): LiveScoreRecord[] {
    return this.liveScores.latestOfVersions(versions);
  }

  // predictions
  addPrediction(input: PredictionInput): PredictionRecord {
    return this.predictions.add(input);
  }

  /** The forecast to serve: newest data date, then newest made. One indexed lookup. */
  latestPrediction(symbol: string): PredictionRecord | null {
    return this.predictions.latest(symbol);
  }

  latestPredictions(): PredictionRecord[] {
    return this.predictions.latestAll();
  }

  predictionHistory(symbol: string, query: SinceQuery = {}): PredictionRecord[] {
    return this.predictions.history(symbol, query);
  }

  // incidents
  /**
   * One monitoring run's conditions, in one transaction: an open (symbol, rule) is updated,
   * a new one opened, and an open incident in `scope` whose condition is absent is resolved.
   */
  reconcileIncidents(at: Timestamp | undefined, conditions: readonly IncidentCondition[], scope: IncidentScope): IncidentReconciliation {
    return this.incidentsTable.reconcile(at, conditions, scope);
  }

  /** The most recently seen first; default limit 100. */
  incidents(query: IncidentQuery = {}): Incident[] {
    return this.incidentsTable.list(query);
  }

  getIncident(id: number): Incident | null {
    return this.incidentsTable.get(id);
  }

  acknowledgeIncident(id: number, at?: Timestamp): boolean {
    return this.incidentsTable.acknowledge(id, at);
  }

  /** Open incidents per symbol and severity, without reading the rows (dashboard, metrics, status). */
  openIncidentCounts(): IncidentCount[] {
    return this.incidentsTable.openCounts();
  }

  // reports
  addReport(input: ReportInput): ReportRecord {
    return this.reports.add(input);
  }

  getReport(id: number): ReportRecord | null {
    return this.reports.get(id);
  }

  /** Newest first. */
  listReports(query: ReportQuery = {}): ReportRecord[] {
    return this.reports.list(query);
  }

  // promotion decisions
  addDecision(input: DecisionInput): DecisionRecord {
    return this.decisions.add(input);
  }

  decisionHistory(symbol: string, query: SinceQuery = {}): DecisionRecord[] {
    return this.decisions.history(symbol, query);
  }

  /** The newest promotion decision of every symbol, by symbol: one query for all symbols. */
  latestDecisions(): DecisionRecord[] {
    return this.decisions.latestPerSymbol();
  }

  // retrain attempts (the retrain policy's memory)
  /** Records that a retrain run started training on data through `lastBar` (idempotent per run). */
  startRetrainAttempt(input: RetrainAttemptStart): RetrainAttemptRecord {
    return this.retrainAttempts.start(input);
  }

  /** Records how a started attempt ended: promoted, kept (the gate's reason) or failed (the error). */
  finishRetrainAttempt(input: RetrainAttemptFinish): RetrainAttemptRecord {
    return this.retrainAttempts.finish(input);
  }

  /** Oldest first; `limit` keeps the newest. */
  retrainAttemptHistory(symbol: string, query: SinceQuery = {}): RetrainAttemptRecord[] {
    return this.retrainAttempts.history(symbol, query);
  }

  /** The newest retrain attempt of every symbol, by symbol: one query for all symbols. */
  latestRetrainAttempts(): RetrainAttemptRecord[] {
    return this.retrainAttempts.latestPerSymbol();
  }

  // price refresh outcomes (one row per symbol)
  /** Upserts the symbol's last refresh outcome; an outcome older than the stored one is ignored. */
  recordRefresh(input: RefreshStatusInput): RefreshStatusRecord {
    return this.refreshStatuses.record(input);
  }

  /** The symbol's last refresh outcome, or null when none was recorded. */
  refreshStatus(symbol: string): RefreshStatusRecord | null {
    return this.refreshStatuses.get(symbol);
  }

  /** Every recorded symbol's last refresh outcome, by symbol. */
  refreshStatusAll(): RefreshStatusRecord[] {
    return this.refreshStatuses.all();
  }

  /** Runs `fn` in one write transaction (several records land together or not at all). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }
}



/** Refuses a schema newer than the code, and (read-only) one not yet migrated. */
function checkVersion(location: string, found: number, expected: number, readonly: boolean): void {
  if (found > expected) throw new HistorySchemaError(location, found, expected, 'it was written by a newer stockflow; upgrade this process');
  if (readonly && found < expected) throw new HistorySchemaError(location, found, expected, 'open it once read-write (the worker does) to migrate');
}

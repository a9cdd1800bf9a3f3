export { HistoryStore, HISTORY_FILE_NAME, historyFile, type HistoryStoreOptions, type PostgresHistoryOptions } from './store.js';
export { SCHEMA_VERSION } from './migrations.js';
export { PG_SCHEMA_VERSION } from './pg-migrations.js';
export { HistoryInputError, HistorySchemaError } from './errors.js';
export type { IncidentCount, IncidentQuery, IncidentReconciliation, IncidentScope } from './incidents.js';
export type { EvaluationQuery } from './evaluations.js';
export type { LiveScoreQuery } from './live-scores.js';
export type { ReportQuery } from './reports.js';
export type * from './types.js';

export { HistoryStore, HISTORY_FILE_NAME, historyFile, type HistoryStoreOptions } from './store';
export { SCHEMA_VERSION } from './migrations';
export { HistoryInputError, HistorySchemaError } from './errors';
export type { IncidentCount, IncidentQuery, IncidentReconciliation, IncidentScope } from './incidents';
export type { EvaluationQuery } from './evaluations';
export type { LiveScoreQuery } from './live-scores';
export type { ReportQuery } from './reports';
export type * from './types';

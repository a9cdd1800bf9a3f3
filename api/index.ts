export { buildApp, type BuildAppOptions } from './app';
export { startApiServer, openHistoryReadonly, type ApiServer, type StartApiServerOptions } from './server';
export { scheduleInfoFrom } from './schedule-source';
export { ApiError, type ErrorBody } from './errors';
export { streamLogger, type LogStreams } from './logger';
export type { ApiConfig, ApiDeps, ApiLogger, HoldoutMetrics, MetricCheck, ModelSummary, ScheduleInfo } from './types';
export type { ModelListItem, ForecastView, LiveSummary, LastRun, IncidentCounts } from './overview';
export type { ForecastsResponse, HoldoutForecasts, StoredForecastPoint } from './forecasts';

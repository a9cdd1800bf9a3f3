export { buildApp, type BuildAppOptions } from './app.js';
export { startApiServer, type ApiServer, type StartApiServerOptions } from './server.js';
export { scheduleInfoFrom } from './schedule-source.js';
export { ApiError, type ErrorBody } from './errors.js';
export { streamLogger, type LogStreams } from './logger.js';
export type { ApiConfig, ApiDeps, ApiLogger, MetricCheck, ModelSummary, ScheduleInfo } from './types.js';
export type { ModelListItem } from './overview.js';
export type { ForecastView, LiveSummary, LastRun, IncidentCounts, SymbolStatus } from '../../common/wire/index.js';
export type { ForecastsResponse, HoldoutForecasts, StoredForecastPoint } from './forecasts.js';

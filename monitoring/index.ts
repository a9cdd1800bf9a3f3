export { judgeLiveScore, judgeMetrics, modelAgeDays, MIN_LIVE_SAMPLES, type MetricSample, type MetricStatus, type ThresholdJudgement } from './thresholds';
export { assessTrend, normalQuantile, type ScoredDay, type TrendOptions } from './trend';
export { readSystemHealth, healthBreaches, DEFAULT_HEALTH_LIMITS, type HealthLimits } from './system-health';
export { slackPayload, postWebhook } from './webhook';
export { checkPredictApi } from './api-check';
export { freshnessOf, describeFreshness, freshnessLabel, type FreshnessInput, type LastRefreshOutcome } from './freshness';

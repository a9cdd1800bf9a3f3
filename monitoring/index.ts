export { judgeLiveScore, judgeMetrics, modelAgeDays, MIN_LIVE_SAMPLES, type MetricSample, type MetricStatus, type ThresholdJudgement } from './thresholds';
export { assessTrend, type ScoredDay, type TrendOptions } from './trend';
export { judgeSkill, chooseNaiveDirectionRule, DEFAULT_TREND_RECENT, type JudgedSession, type SkillContext, type SkillOptions } from './skill';
export { storedSkillJudgement } from './skill-record';
export {
  dieboldMariano, holmAdjust, longRunVariance, neweyWestLag, normalQuantile, ratioOfMeans, studentTUpperTail, twoSampleGreater,
  type DieboldMarianoResult, type Estimate, type TwoSampleResult,
} from './stats';
export { readSystemHealth, healthBreaches, DEFAULT_HEALTH_LIMITS, type HealthLimits } from './system-health';
export { slackPayload, postWebhook } from './webhook';
export { checkPredictApi } from './api-check';

export { holdoutThresholdWarnings, judgeLiveScore, judgeMetrics, modelAgeDays, MIN_LIVE_SAMPLES, type MetricSample, type MetricStatus, type ThresholdJudgement } from './thresholds';
export { judgeSkill, chooseNaiveDirectionRule, DEFAULT_TREND_RECENT, type JudgedSession, type SkillContext, type SkillOptions } from './skill';
export { storedSkillJudgement } from './skill-record';
export {
  dieboldMariano, holmAdjust, longRunVariance, neweyWestLag, normalQuantile, ratioOfMeans, studentTUpperTail, twoSampleGreater,
  type DieboldMarianoResult, type Estimate, type TwoSampleResult,
} from './stats';
export { readSystemHealth, healthBreaches, DEFAULT_HEALTH_LIMITS, type HealthLimits } from './system-health';
export { incidentPayload, postWebhook, type IncidentChange } from './webhook';
export { checkPredictApi } from './api-check';
export { skillPhrase, skillVerdict } from './skill-verdict';
export { judgeRetrainPolicy, consecutiveRefusals, type PolicyAttempt, type RetrainPolicyInput, type RetrainPolicySettings } from './retrain-policy';
export { freshnessOf, describeFreshness, freshnessLabel, type FreshnessInput, type LastRefreshOutcome } from './freshness';

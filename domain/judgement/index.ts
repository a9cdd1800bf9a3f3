export { holdoutThresholdWarnings, judgeLiveScore, judgeMetrics, modelAgeDays, MIN_LIVE_SAMPLES, type MetricSample, type MetricStatus, type ThresholdJudgement } from './thresholds.js';
export { judgeSkill, chooseNaiveDirectionRule, DEFAULT_TREND_RECENT, type JudgedSession, type SkillContext, type SkillOptions } from './skill.js';
export { storedSkillJudgement } from './skill-record.js';
export {
  dieboldMariano, holmAdjust, longRunVariance, neweyWestLag, normalQuantile, ratioOfMeans, studentTUpperTail, twoSampleGreater,
  type DieboldMarianoResult, type Estimate, type TwoSampleResult,
} from './stats.js';
export { readSystemHealth, healthBreaches, DEFAULT_HEALTH_LIMITS, type HealthLimits } from './system-health.js';
export { incidentPayload, postWebhook, webhookNotifier } from '../alerts/webhook.js';
export { nextRunOf, nextRuns, TRAINING_SCHEDULES, MONITORING_SCHEDULES, type ScheduleRunTimes } from './next-runs.js';
export { isNotable, type IncidentChange, type IncidentNotifier, type NotificationOutcome } from '../alerts/notifier.js';
export { checkPredictApi } from './api-check.js';
export { skillPhrase, skillVerdict } from './skill-verdict.js';
export { judgeRetrainPolicy, consecutiveRefusals, type PolicyAttempt, type RetrainPolicyInput, type RetrainPolicySettings } from './retrain-policy.js';
export { freshnessOf, describeFreshness, freshnessLabel, type FreshnessInput, type LastRefreshOutcome } from './freshness.js';

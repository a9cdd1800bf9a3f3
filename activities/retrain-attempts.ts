/**
 * The retrain policy's activities: record each retrain attempt (start, outcome) in the history
 * and judge whether an automatic retrain of a symbol may start now.
 */
import type { RetrainAttemptOutcomeInput, RetrainAttemptStartedInput, RetrainPolicyRequest, RetrainPolicyVerdict } from '../common/wire/index.js';
import { judgeRetrainPolicy } from '../domain/judgement/index.js';
import type { ActivityDeps } from './deps.js';
import { withFailureMapping } from './failures.js';
import { pricesFor } from './prices.js';

/** The policy's verdict for one symbol from its recorded attempts and cached sessions. */
export async function retrainPolicyVerdict(deps: ActivityDeps, { symbol, force }: RetrainPolicyRequest): Promise<RetrainPolicyVerdict> {
  const bars = await pricesFor(deps, symbol);
  return judgeRetrainPolicy({
    symbol, force, now: deps.now(),
    attempts: deps.history.retrainAttemptHistory(symbol),
    sessions: bars.map((b) => b.date),
    settings: {
      cooldownHours: deps.retrainCooldownHours,
      noSkillAfterRefusals: deps.judgement.noSkillAfterRefusals,
      noSkillRetryAfterSessions: deps.judgement.noSkillRetryAfterSessions,
    },
  });
}

export function createRetrainAttemptActivities(deps: ActivityDeps) {
  return withFailureMapping({
    /** A retrain began training on the cached data through `lastBar` (idempotent per run). */
    async recordRetrainStarted(input: RetrainAttemptStartedInput): Promise<{ attemptId: number }> {
      const record = deps.history.startRetrainAttempt({ ...input, startedAt: deps.now() });
      return { attemptId: record.id };
    },

    /** How the attempt ended: promoted / kept with the gate's reason, failed with the error. */
    async recordRetrainOutcome({ workflowId, runId, outcome, detail }: RetrainAttemptOutcomeInput): Promise<void> {
      deps.history.finishRetrainAttempt({ workflowId, runId, outcome, detail, finishedAt: deps.now() });
    },

    /** Whether an automatic retrain may start now, and if not, why and what would change it. */
    async retrainPolicy(request: RetrainPolicyRequest): Promise<RetrainPolicyVerdict> {
      return retrainPolicyVerdict(deps, request);
    },
  });
}

/**
 * What one monitorAll run found wrong, as incident conditions: one per (symbol, rule), with the
 * figures its advice needs but not the advice itself — the reconcileIncidents activity builds that
 * (common/incident-advice.ts), so the activity's input does not grow with prose at 500 symbols.
 * Pure (runs inside the workflow sandbox).
 */
import type { ApiCheckResult, Freshness, IncidentAdviceContext, IncidentConditionInput, RetrainPolicyVerdict, SymbolAssessment, SystemHealth } from '../common/wire/index.js';

export interface RunFindings {
  health: SystemHealth;
  api: ApiCheckResult;
  /** Each symbol's data against the last completed NYSE session (after this run's refresh). */
  freshness: Freshness[];
  assessments: SymbolAssessment[];
  retrainsStarted: string[];
  retrainsAlreadyRunning: string[];
  retrainsRefused: RetrainPolicyVerdict[];
}

/** What the run did about its conditions, for their advice: symbols and refusal reasons only. */
export function adviceContext(run: RunFindings): IncidentAdviceContext {
  return {
    retrainsStarted: run.retrainsStarted,
    retrainsAlreadyRunning: run.retrainsAlreadyRunning,
    retrainsRefused: run.retrainsRefused.map((v) => ({ symbol: v.symbol, reason: v.reason })),
  };
}

export function incidentConditions(run: RunFindings): IncidentConditionInput[] {
  const conditions: IncidentConditionInput[] = [];
  if (run.health.breaches.length > 0) {
    conditions.push({
      symbol: null, rule: 'health', severity: 'warning', message: `worker host: ${run.health.breaches.join('; ')}`,
      details: { breaches: run.health.breaches },
    });
  }
  const noChampion = new Set(run.assessments.filter((a) => a.championVersion === null).map((a) => a.symbol));
  for (const a of run.assessments.filter((x) => x.championVersion === null)) {
    const noSkill = a.retrainPolicy.state === 'no-skill';
    conditions.push({
      symbol: a.symbol, rule: 'no-champion', severity: 'warning',
      message: `${a.symbol}: no champion model, so no forecast is served${noSkill ? ` (${a.retrainPolicy.reason})` : ''}`,
      details: { retrainPolicy: a.retrainPolicy.state },
    });
  }
  // A symbol without a champion answers 404 by design: that is the 'no-champion' condition above, not an API fault.
  for (const c of run.api.checks.filter((x) => !x.ok && !(x.status === 404 && noChampion.has(x.symbol)))) {
    conditions.push({
      symbol: c.symbol, rule: 'api', severity: 'warning',
      message: `prediction API failed for ${c.symbol}: ${c.error ?? `HTTP ${c.status}`}`,
      details: { baseUrl: run.api.baseUrl, status: c.status, latencyMs: c.latencyMs },
    });
  }
  for (const f of run.freshness.filter((x) => x.state !== 'fresh')) {
    const behind = f.sessionsBehind === null ? 'no cached prices' : `last bar ${f.lastBar}, ${f.sessionsBehind} completed session${f.sessionsBehind === 1 ? '' : 's'} behind (last completed ${f.lastCompletedSession})`;
    conditions.push({
      symbol: f.symbol, rule: 'freshness', severity: 'warning',
      message: f.state === 'failing' ? `${f.symbol}: price refresh failing (${f.error}); ${behind}` : `${f.symbol}: stale data, ${behind}`,
      details: { state: f.state, lastBar: f.lastBar, sessionsBehind: f.sessionsBehind, lastCompletedSession: f.lastCompletedSession, ...(f.error ? { error: f.error } : {}) },
    });
  }
  for (const a of run.assessments) {
    if (a.integrityProblem) {
      conditions.push({
        symbol: a.symbol, rule: 'integrity', severity: 'critical', message: `${a.symbol}: ${a.integrityProblem}`,
        details: { version: a.championVersion },
      });
    }
    for (const t of a.skill?.tests ?? []) {
      if (!t.breach) continue;
      const trend = t.rule === 'skill-trend';
      conditions.push({
        symbol: a.symbol, rule: t.rule, severity: trend ? 'warning' : 'critical', message: `${a.symbol} v${a.championVersion}: ${t.detail}`,
        details: { version: a.championVersion, n: t.n, model: t.model, baseline: t.baseline, baselineName: t.baselineName, pValue: t.pValue, adjustedPValue: t.adjustedPValue },
      });
    }
    if (a.absoluteBreaches.length > 0) {
      conditions.push({
        symbol: a.symbol, rule: 'absolute-threshold', severity: 'critical', message: `${a.symbol} v${a.championVersion}: ${a.absoluteBreaches.join('; ')}`,
        details: { version: a.championVersion, breaches: a.absoluteBreaches, live: a.live },
      });
    }
    if (a.retrainPolicy.state === 'no-skill') {
      conditions.push({
        symbol: a.symbol, rule: 'no-skill', severity: 'warning', message: `${a.symbol}: ${a.retrainPolicy.reason}`,
        details: { consecutiveRefusals: a.retrainPolicy.consecutiveRefusals, lastAttemptAt: a.retrainPolicy.lastAttemptAt },
      });
    }
    if (a.ageBreach) {
      conditions.push({
        symbol: a.symbol, rule: 'model-age', severity: 'warning', message: `${a.symbol} v${a.championVersion}: ${a.ageBreach}`,
        details: { version: a.championVersion, ageDays: a.modelAgeDays },
      });
    }
  }
  return conditions;
}

/**
 * What one monitorAll run found wrong, as incident conditions: one per (symbol, rule), each
 * with advice that fits its cause. Pure (runs inside the workflow sandbox).
 */
import type { ApiCheckResult, Freshness, IncidentCondition, RetrainPolicyVerdict, SymbolAssessment, SystemHealth } from '../common/wire/index.js';

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

export function incidentConditions(run: RunFindings): IncidentCondition[] {
  const conditions: IncidentCondition[] = [];
  if (run.health.breaches.length > 0) {
    conditions.push({
      symbol: null, rule: 'health', severity: 'warning', message: `worker host: ${run.health.breaches.join('; ')}`,
      advice: 'On the worker\'s host free disk space or find what uses the CPU or memory (df -h, top); this resolves on the first run that finds the host healthy.',
      details: { breaches: run.health.breaches },
    });
  }
  const noChampion = new Set(run.assessments.filter((a) => a.championVersion === null).map((a) => a.symbol));
  for (const a of run.assessments.filter((x) => x.championVersion === null)) {
    const noSkill = a.retrainPolicy.state === 'no-skill';
    conditions.push({
      symbol: a.symbol, rule: 'no-champion', severity: 'warning',
      message: `${a.symbol}: no champion model, so no forecast is served${noSkill ? ` (${a.retrainPolicy.reason})` : ''}`,
      advice: noSkill
        ? `Every recent challenger was refused by the gate (not better than the naive baselines): this is the honest answer for ${a.symbol}, not a fault. Automatic retrains pause until new sessions arrive.`
        : `Train one with \`stockflow train ${a.symbol}\`; if the gate refuses it, the decision says why (\`stockflow status\`).`,
      details: { retrainPolicy: a.retrainPolicy.state },
    });
  }
  // A symbol without a champion answers 404 by design: that is the 'no-champion' condition above, not an API fault.
  for (const c of run.api.checks.filter((x) => !x.ok && !(x.status === 404 && noChampion.has(x.symbol)))) {
    conditions.push({
      symbol: c.symbol, rule: 'api', severity: 'warning',
      message: `prediction API failed for ${c.symbol}: ${c.error ?? `HTTP ${c.status}`}`,
      advice: apiAdvice(c.symbol, c.status, run.api.baseUrl),
      details: { baseUrl: run.api.baseUrl, status: c.status, latencyMs: c.latencyMs },
    });
  }
  for (const f of run.freshness.filter((x) => x.state !== 'fresh')) {
    const behind = f.sessionsBehind === null ? 'no cached prices' : `last bar ${f.lastBar}, ${f.sessionsBehind} completed session${f.sessionsBehind === 1 ? '' : 's'} behind (last completed ${f.lastCompletedSession})`;
    conditions.push({
      symbol: f.symbol, rule: 'freshness', severity: 'warning',
      message: f.state === 'failing' ? `${f.symbol}: price refresh failing (${f.error}); ${behind}` : `${f.symbol}: stale data, ${behind}`,
      advice: f.state === 'failing'
        ? 'Check the price source (network, STOCKFLOW_PRICE_SOURCE, the CSV file); forecasts are made from the cached bars until a refresh succeeds.'
        : 'The source has no newer sessions: check that it is still updated (a CSV directory must be refreshed by whoever writes it); the served forecast is for an old session.',
      details: { state: f.state, lastBar: f.lastBar, sessionsBehind: f.sessionsBehind, lastCompletedSession: f.lastCompletedSession, ...(f.error ? { error: f.error } : {}) },
    });
  }
  for (const a of run.assessments) {
    if (a.integrityProblem) {
      conditions.push({
        symbol: a.symbol, rule: 'integrity', severity: 'critical', message: `${a.symbol}: ${a.integrityProblem}`,
        advice: `Forecasts of ${a.symbol} cannot be recomputed from this champion. \`stockflow restore ${a.symbol} --list\` shows the intact versions and backups to restore.${run.retrainsStarted.includes(a.symbol) ? ` A retrain was started (retrain-${a.symbol}): it restores the newest intact version first.` : ' The next retrain restores the newest intact version first by itself.'}`,
        details: { version: a.championVersion },
      });
    }
    for (const t of a.skill?.tests ?? []) {
      if (!t.breach) continue;
      const trend = t.rule === 'skill-trend';
      conditions.push({
        symbol: a.symbol, rule: t.rule, severity: trend ? 'warning' : 'critical', message: `${a.symbol} v${a.championVersion}: ${t.detail}`,
        advice: trend
          ? 'Its skill against persistence fell significantly in the recent sessions; no retrain starts for a trend alone. Watch the next runs: a significant loss against the baseline starts one.'
          : retrainAdvice(a.symbol, run),
        details: { version: a.championVersion, n: t.n, model: t.model, baseline: t.baseline, baselineName: t.baselineName, pValue: t.pValue, adjustedPValue: t.adjustedPValue },
      });
    }
    if (a.absoluteBreaches.length > 0) {
      conditions.push({
        symbol: a.symbol, rule: 'absolute-threshold', severity: 'critical', message: `${a.symbol} v${a.championVersion}: ${a.absoluteBreaches.join('; ')}`,
        advice: `${retrainAdvice(a.symbol, run)} This is a configured absolute threshold (thresholds.*); if the model's honest holdout cannot meet it either, set it to null.`,
        details: { version: a.championVersion, breaches: a.absoluteBreaches, live: a.live },
      });
    }
    if (a.retrainPolicy.state === 'no-skill') {
      conditions.push({
        symbol: a.symbol, rule: 'no-skill', severity: 'warning', message: `${a.symbol}: ${a.retrainPolicy.reason}`,
        advice: `The gate refused ${a.retrainPolicy.consecutiveRefusals} challengers in a row: on this data no model beats the champion${a.championVersion === null ? ' or the naive baselines' : ''}. Automatic retrains pause until enough new sessions arrive; \`stockflow train ${a.symbol}\` still retrains by hand.`,
        details: { consecutiveRefusals: a.retrainPolicy.consecutiveRefusals, lastAttemptAt: a.retrainPolicy.lastAttemptAt },
      });
    }
    if (a.ageBreach) {
      conditions.push({
        symbol: a.symbol, rule: 'model-age', severity: 'warning', message: `${a.symbol} v${a.championVersion}: ${a.ageBreach}`,
        advice: `The weekly smartTraining run retrains it (unless the retrain policy says why not); \`stockflow train ${a.symbol}\` retrains it now.`,
        details: { version: a.championVersion, ageDays: a.modelAgeDays },
      });
    }
  }
  return conditions;
}

function apiAdvice(symbol: string, status: number | null, baseUrl: string | null): string {
  if (status === null) return `The API at ${baseUrl ?? '(none)'} did not answer: check that it runs (npm start, or npm run api) and that this URL reaches it.`;
  if (status === 404) return `The API has no forecast for ${symbol}: see \`stockflow status\` — without a champion (never trained, or every challenger refused by the gate) train one with \`stockflow train ${symbol}\`.`;
  if (status === 401 || status === 403) return 'The API refused the token: set the same api.token (STOCKFLOW_API_TOKEN) for the worker and the API.';
  return `The API failed serving ${symbol} (HTTP ${status}): read the API process log for the error.`;
}

function retrainAdvice(symbol: string, run: RunFindings): string {
  if (run.retrainsStarted.includes(symbol)) return `A retrain was started (workflow retrain-${symbol}); the gate promotes the challenger only if it beats the champion on the same sessions.`;
  if (run.retrainsAlreadyRunning.includes(symbol)) return `A retrain of ${symbol} is already running (workflow retrain-${symbol}); wait for its decision.`;
  const refused = run.retrainsRefused.find((v) => v.symbol === symbol);
  if (refused) return `No automatic retrain: ${refused.reason}. \`stockflow train ${symbol}\` retrains by hand.`;
  return `Check the live metrics against persistence with \`stockflow status\`; \`stockflow train ${symbol}\` retrains by hand.`;
}

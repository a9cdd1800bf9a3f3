/**
 * The advice text of each incident condition, built from the condition (rule, symbol, details)
 * and a small context of what the run did about it. monitorAll sends conditions without advice
 * (so its payload does not grow with prose); the reconcileIncidents activity fills it in here.
 * Pure (sandbox-safe).
 */
import type { IncidentAdviceContext, IncidentCondition, IncidentConditionInput } from './wire/index.js';

/** Every condition with its advice: kept when given, otherwise built from the condition and `context`. */
export function withAdvice(conditions: IncidentConditionInput[], context: IncidentAdviceContext): IncidentCondition[] {
  const noChampion = new Set(conditions.filter((c) => c.rule === 'no-champion' && c.symbol !== null).map((c) => c.symbol));
  return conditions.map((c) => ({ ...c, advice: c.advice ?? incidentAdvice(c, context, c.symbol !== null && noChampion.has(c.symbol)) }));
}

/** The advice for one condition; `hasNoChampion`: the same run found no champion for its symbol. */
export function incidentAdvice(condition: IncidentConditionInput, context: IncidentAdviceContext, hasNoChampion: boolean): string {
  const symbol = condition.symbol ?? '(system)';
  const details = condition.details ?? {};
  switch (condition.rule) {
    case 'health':
      return 'On the worker\'s host free disk space or find what uses the CPU or memory (df -h, top); this resolves on the first run that finds the host healthy.';
    case 'no-champion':
      return details.retrainPolicy === 'no-skill'
        ? `Every recent challenger was refused by the gate (not better than the naive baselines): this is the honest answer for ${symbol}, not a fault. Automatic retrains pause until new sessions arrive.`
        : `Train one with \`stockflow train ${symbol}\`; if the gate refuses it, the decision says why (\`stockflow status\`).`;
    case 'api':
      return apiAdvice(symbol, typeof details.status === 'number' ? details.status : null, typeof details.baseUrl === 'string' ? details.baseUrl : null);
    case 'freshness':
      return details.state === 'failing'
        ? 'Check the price source (network, STOCKFLOW_PRICE_SOURCE, the CSV file); forecasts are made from the cached bars until a refresh succeeds.'
        : 'The source has no newer sessions: check that it is still updated (a CSV directory must be refreshed by whoever writes it); the served forecast is for an old session.';
    case 'integrity':
      return `Forecasts of ${symbol} cannot be recomputed from this champion. \`stockflow restore ${symbol} --list\` shows the intact versions and backups to restore.${context.retrainsStarted.includes(symbol) ? ` A retrain was started (retrain-${symbol}): it restores the newest intact version first.` : ' The next retrain restores the newest intact version first by itself.'}`;
    case 'skill-trend':
      return 'Its skill against persistence fell significantly in the recent sessions; no retrain starts for a trend alone. Watch the next runs: a significant loss against the baseline starts one.';
    case 'absolute-threshold':
      return `${retrainAdvice(symbol, context)} This is a configured absolute threshold (thresholds.*); if the model's honest holdout cannot meet it either, set it to null.`;
    case 'no-skill':
      return `The gate refused ${String(details.consecutiveRefusals)} challengers in a row: on this data no model beats the champion${hasNoChampion ? ' or the naive baselines' : ''}. Automatic retrains pause until enough new sessions arrive; \`stockflow train ${symbol}\` still retrains by hand.`;
    case 'model-age':
      return `The weekly smartTraining run retrains it (unless the retrain policy says why not); \`stockflow train ${symbol}\` retrains it now.`;
    default:
      // The skill rules that breach (error-vs-persistence, direction-vs-naive, …): a retrain is the remedy.
      return retrainAdvice(symbol, context);
  }
}

function apiAdvice(symbol: string, status: number | null, baseUrl: string | null): string {
  if (status === null) return `The API at ${baseUrl ?? '(none)'} did not answer: check that it runs (npm start, or npm run api) and that this URL reaches it.`;
  if (status === 404) return `The API has no forecast for ${symbol}: see \`stockflow status\` — without a champion (never trained, or every challenger refused by the gate) train one with \`stockflow train ${symbol}\`.`;
  if (status === 401 || status === 403) return 'The API refused the token: set the same api.token (STOCKFLOW_API_TOKEN) for the worker and the API.';
  return `The API failed serving ${symbol} (HTTP ${status}): read the API process log for the error.`;
}

function retrainAdvice(symbol: string, context: IncidentAdviceContext): string {
  if (context.retrainsStarted.includes(symbol)) return `A retrain was started (workflow retrain-${symbol}); the gate promotes the challenger only if it beats the champion on the same sessions.`;
  if (context.retrainsAlreadyRunning.includes(symbol)) return `A retrain of ${symbol} is already running (workflow retrain-${symbol}); wait for its decision.`;
  const refused = context.retrainsRefused.find((v) => v.symbol === symbol);
  if (refused) return `No automatic retrain: ${refused.reason}. \`stockflow train ${symbol}\` retrains by hand.`;
  return `Check the live metrics against persistence with \`stockflow status\`; \`stockflow train ${symbol}\` retrains by hand.`;
}

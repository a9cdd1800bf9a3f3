import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { workflowIds } from '../common/constants.js';
import { retrainStartOptions } from '../common/search-attributes.js';
import type { MonitorAllInput, MonitorAllResult, RetrainPolicyVerdict, SymbolAssessment } from '../common/wire/index.js';
import { batchOptions, fetchOptions, localOptions } from './activity-options.js';
import { chunked, mapWithConcurrency } from './concurrency.js';
import { adviceContext, incidentConditions, type RunFindings } from './incident-conditions.js';
import { apiSummary, mergeApiChecks, monitorCounts, reportRows, symbolsNeedingAttention } from './monitor-summary.js';
import { refreshFailures, refreshSymbols } from './refresh-prices.js';
import { retrainSymbol } from './retrain-symbol.js';

const local = proxyActivities<Activities>(localOptions);
const { apiCheck } = proxyActivities<Activities>(fetchOptions);
const { assessSymbols } = proxyActivities<Activities>(batchOptions);

/**
 * Symbols assessed per activity: at 500 symbols, 20 activities (60 history events) instead of
 * 500 (1,500), and each result stays far below Temporal's 512 KB payload warning.
 */
export const ASSESS_CHUNK = 25;

/**
 * Three times a weekday: system health, a price refresh and each symbol's freshness, an API
 * check, and each champion judged on the sessions since it was trained — skill against the
 * naive baselines on the same sessions (sample-size aware), any configured absolute threshold,
 * age, integrity. What it finds becomes incidents (one open per symbol and rule, resolved when
 * the condition clears), and a `retrainSymbol` starts for each performance breach or broken
 * champion that the retrain policy allows (started, not awaited: the retrain outlives this run).
 */
export async function monitorAll(input: MonitorAllInput = {}): Promise<MonitorAllResult> {
  const settings = await local.pipelineSettings();
  const symbols = input.symbols ?? settings.symbols;
  const { now } = await local.marketClock();

  const health = await local.systemHealth();
  const refreshed = await refreshSymbols(symbols, 'if-new-data');
  const dataFailures = refreshFailures(refreshed);
  const freshness = await local.checkFreshness({ symbols });
  // In chunks like the assessments: an error message per failed check adds up at 500 symbols.
  const api = mergeApiChecks(await mapWithConcurrency(chunked(symbols, ASSESS_CHUNK), 4, (chunk) => apiCheck({ symbols: chunk })), null);
  const assessed = await mapWithConcurrency(chunked(symbols, ASSESS_CHUNK), 4, (chunk) => assessSymbols({ symbols: chunk }));
  const assessments: SymbolAssessment[] = assessed.flat();

  const retrainsStarted: string[] = [];
  const retrainsAlreadyRunning: string[] = [];
  const retrainsRefused: RetrainPolicyVerdict[] = [];
  for (const a of assessments.filter((x) => x.breaches.length > 0 || x.integrityProblem)) {
    // No loops: cooldown from the last attempt, never twice on the same data, no-skill after refusals.
    if (!a.retrainPolicy.allowed) {
      retrainsRefused.push(a.retrainPolicy);
      continue;
    }
    const request = { symbol: a.symbol, reason: `monitoring: ${a.integrityProblem ?? a.breaches.join('; ')}` };
    try {
      await startChild(retrainSymbol, {
        workflowId: workflowIds.retrainSymbol(a.symbol),
        args: [request],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...retrainStartOptions(request),
      });
      retrainsStarted.push(a.symbol);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      retrainsAlreadyRunning.push(a.symbol);
    }
  }

  const findings: RunFindings = { health, api, freshness, assessments, retrainsStarted, retrainsAlreadyRunning, retrainsRefused };
  const incidents = await local.reconcileIncidents({ conditions: incidentConditions(findings), adviceContext: adviceContext(findings), scope: { symbols, system: true } });
  // Compact at any size: counts and the symbols needing attention; each full assessment stays in this run's history.
  const summary = {
    at: now, health, api: apiSummary(findings), counts: monitorCounts(findings, symbols, dataFailures), attention: symbolsNeedingAttention(findings, symbols),
    incidents, retrainsStarted, retrainsAlreadyRunning, retrainsRefused, dataFailures,
  };
  const report = await local.writeReport({
    kind: 'monitor', title: `Monitoring run ${now}`,
    monitor: { ...summary, rows: reportRows(findings), notFresh: freshness.filter((f) => f.state !== 'fresh') },
  });
  return { ...summary, reportId: report.reportId, reportPaths: [report.htmlPath, report.markdownPath] };
}

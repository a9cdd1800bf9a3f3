import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { workflowIds } from '../common/constants';
import type { AlertInput, MonitorAllInput, MonitorAllResult, SymbolAssessment } from '../common/wire';
import { fetchOptions, localOptions } from './activity-options';
import { mapWithConcurrency } from './concurrency';
import { refreshSymbols } from './refresh-prices';
import { retrainSymbol } from './retrain-symbol';

const local = proxyActivities<Activities>(localOptions);
const { apiCheck } = proxyActivities<Activities>(fetchOptions);

/**
 * Every 6 hours on weekdays: system health, an API check, each champion's live performance
 * on the sessions since it was trained, thresholds and trend (sample-size aware), alerts,
 * a stored report — and a `retrainSymbol` for each symbol whose performance breaches a
 * threshold (started, not awaited: the retrain outlives this run).
 */
export async function monitorAll(input: MonitorAllInput = {}): Promise<MonitorAllResult> {
  const settings = await local.pipelineSettings();
  const symbols = input.symbols ?? settings.symbols;
  const { now } = await local.marketClock();

  const health = await local.systemHealth();
  const refreshed = await refreshSymbols(symbols, 'if-new-data');
  const dataFailures = refreshed.outcomes.flatMap((o) => (o.ok ? [] : [{ symbol: o.symbol, error: `${o.errorType}: ${o.error}` }]));
  const api = await apiCheck({ symbols });
  const assessments: SymbolAssessment[] = await mapWithConcurrency(symbols, 4, (symbol) => local.assessSymbol({ symbol }));

  const alerts: AlertInput[] = [
    ...health.breaches.map((message): AlertInput => ({ symbol: null, kind: 'health', severity: 'warning', message })),
    ...api.checks.filter((c) => !c.ok).map((c): AlertInput => ({
      symbol: c.symbol, kind: 'api', severity: 'warning', message: `prediction API failed for ${c.symbol}: ${c.error ?? c.status}`,
    })),
    ...dataFailures.map((f): AlertInput => ({ symbol: f.symbol, kind: 'data', severity: 'warning', message: `price refresh failed: ${f.error}` })),
    ...assessments.flatMap((a): AlertInput[] => [
      ...a.breaches.map((message): AlertInput => ({
        symbol: a.symbol, kind: 'performance', severity: 'critical', message,
        details: { version: a.championVersion, live: a.live },
      })),
      ...(a.trend?.degrading ? [{ symbol: a.symbol, kind: 'trend' as const, severity: 'warning' as const, message: a.trend.detail }] : []),
    ]),
  ];

  const retrainsStarted: string[] = [];
  const retrainsAlreadyRunning: string[] = [];
  const retrainsCoolingDown: string[] = [];
  for (const a of assessments.filter((x) => x.breaches.length > 0)) {
    if (a.modelAgeHours !== null && a.modelAgeHours < settings.retrainCooldownHours) {
      retrainsCoolingDown.push(a.symbol);
      continue;
    }
    try {
      await startChild(retrainSymbol, {
        workflowId: workflowIds.retrainSymbol(a.symbol),
        args: [{ symbol: a.symbol, reason: `alert: ${a.breaches.join('; ')}` }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      retrainsStarted.push(a.symbol);
      alerts.push({ symbol: a.symbol, kind: 'retrain', severity: 'info', message: `retrain started (${a.breaches.join('; ')})` });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      retrainsAlreadyRunning.push(a.symbol);
    }
  }

  if (alerts.length > 0) await local.raiseAlerts({ alerts });
  const summary = { at: now, health, api, assessments, alerts: alerts.length, retrainsStarted, retrainsAlreadyRunning, retrainsCoolingDown, dataFailures };
  const report = await local.writeReport({ kind: 'monitor', title: `Monitoring run ${now}`, monitor: summary });
  return { ...summary, reportId: report.reportId, reportPaths: [report.htmlPath, report.markdownPath] };
}

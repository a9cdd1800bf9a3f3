/**
 * monitorAll's compact result and lean report rows from what the run found (pure, sandbox-safe):
 * counts, the symbols needing attention with their problems in short, one row of figures per
 * symbol for the report. Keeps the result and the report input far below Temporal's 512 KB
 * payload warning at 500 symbols; the full assessments stay in the run's history.
 */
import type { ApiCheckResult, ApiCheckSummary, MonitorCounts, MonitorReportRow, SymbolAttention } from '../common/wire/index.js';
import type { RunFindings } from './incident-conditions.js';

/** Failed API checks that are faults: a 404 for a symbol without a champion is the API's answer by design (as in incident-conditions.ts). */
function apiFaults(run: RunFindings): ApiCheckResult['checks'] {
  const noChampion = new Set(run.assessments.filter((a) => a.championVersion === null).map((a) => a.symbol));
  return run.api.checks.filter((c) => !c.ok && !(c.status === 404 && noChampion.has(c.symbol)));
}

/** The API check in the result: counts, and only the failed checks that are faults (a 404 without a champion is not). */
export function apiSummary(run: RunFindings): ApiCheckSummary {
  const { api } = run;
  return { baseUrl: api.baseUrl, checked: api.checks.length, failed: apiFaults(run), successRate: api.successRate, p50LatencyMs: api.p50LatencyMs };
}

/** The API checks of several chunks as one result: every check, the success rate and median latency over all of them. */
export function mergeApiChecks(parts: readonly ApiCheckResult[], baseUrl: string | null): ApiCheckResult {
  const checks = parts.flatMap((p) => p.checks);
  const latencies = checks.map((c) => c.latencyMs).sort((a, b) => a - b);
  return {
    baseUrl: parts[0]?.baseUrl ?? baseUrl,
    checks,
    successRate: checks.length ? checks.filter((c) => c.ok).length / checks.length : null,
    p50LatencyMs: latencies[Math.floor((latencies.length - 1) / 2)] ?? null,
  };
}

export function monitorCounts(run: RunFindings, symbols: readonly string[], dataFailures: readonly { symbol: string }[]): MonitorCounts {
  const a = run.assessments;
  return {
    symbols: symbols.length,
    withChampion: a.filter((x) => x.championVersion !== null).length,
    breaching: a.filter((x) => x.breaches.length > 0).length,
    integrityProblems: a.filter((x) => x.integrityProblem).length,
    ageBreaches: a.filter((x) => x.ageBreach).length,
    noSkill: a.filter((x) => x.retrainPolicy.state === 'no-skill').length,
    stale: run.freshness.filter((f) => f.state === 'stale').length,
    refreshFailing: new Set([...run.freshness.filter((f) => f.state === 'failing').map((f) => f.symbol), ...dataFailures.map((f) => f.symbol)]).size,
    apiFailed: apiFaults(run).length,
  };
}

/** Every symbol with something wrong, in input order, each problem in a few words. */
export function symbolsNeedingAttention(run: RunFindings, symbols: readonly string[]): SymbolAttention[] {
  const problems = new Map<string, string[]>();
  const add = (symbol: string, problem: string) => problems.set(symbol, [...(problems.get(symbol) ?? []), problem]);
  const champion = new Map(run.assessments.map((a) => [a.symbol, a.championVersion]));
  for (const a of run.assessments) {
    if (a.championVersion === null) add(a.symbol, a.retrainPolicy.state === 'no-skill' ? `no champion (${a.retrainPolicy.reason})` : 'no champion');
    if (a.integrityProblem) add(a.symbol, `integrity: ${a.integrityProblem}`);
    for (const b of a.breaches) add(a.symbol, b);
    if (a.ageBreach) add(a.symbol, a.ageBreach);
    if (a.championVersion !== null && a.retrainPolicy.state === 'no-skill') add(a.symbol, a.retrainPolicy.reason);
  }
  for (const f of run.freshness) {
    if (f.state === 'failing') add(f.symbol, `refresh failing: ${f.error ?? 'unknown error'}`);
    else if (f.state === 'stale') add(f.symbol, `stale: ${f.sessionsBehind === null ? 'no cached prices' : `${f.sessionsBehind} sessions behind`}`);
  }
  for (const c of apiFaults(run)) add(c.symbol, `API: ${c.error ?? `HTTP ${c.status}`}`);
  return symbols.filter((s) => problems.has(s)).map((symbol) => ({ symbol, championVersion: champion.get(symbol) ?? null, problems: problems.get(symbol)! }));
}

export function reportRows(run: RunFindings): MonitorReportRow[] {
  return run.assessments.map((a) => ({
    symbol: a.symbol,
    championVersion: a.championVersion,
    modelAgeDays: a.modelAgeDays,
    live: a.live
      ? {
        n: a.live.n, directionAccuracy: a.live.directionAccuracy, directionCi: a.live.directionCi, baselineDirectionAccuracy: a.live.baselineDirectionAccuracy,
        mape: a.live.mape, persistenceMape: a.live.persistenceMape, meanConfidence: a.live.meanConfidence,
      }
      : null,
    verdict: a.verdict,
    breaches: a.breaches,
  }));
}

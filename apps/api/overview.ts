/**
 * The rows of `GET /models`, `/models/:symbol` and the dashboard: the one symbol status of
 * domain/serving (`symbolStatuses`, shared with `stockflow status`) plus
 * what only the API adds, links to the symbol's workflows in the Temporal UI.
 */
import type { Freshness, ModelSummary, SymbolStatus } from '../../common/wire/index.js';
import { thresholdsFor } from '../../config/index.js';
import { buildStatuses, readLatestHistory, symbolStatusOf, type LatestHistory, type SymbolStatusInput } from '../../domain/serving/symbol-status.js';
import { temporalUiLink, temporalUiSymbolLink } from '../../client/run-workflows.js';
import type { AppContext } from './context.js';
import type { ScheduleInfo } from './types.js';

export interface ModelListItem extends SymbolStatus {
  links: { workflows: string; lastRunWorkflow: string | null } | null;
}

type TemporalUi = { baseUrl: string; namespace: string };

function withLinks(status: SymbolStatus, ui: TemporalUi | undefined): ModelListItem {
  return {
    ...status,
    links: ui
      ? {
          // Every workflow of the symbol (retrains, backtests, runs of the pipelines naming it), by its `Symbol` search attribute.
          workflows: temporalUiSymbolLink(ui.baseUrl, ui.namespace, status.symbol),
          lastRunWorkflow: status.lastRun?.workflowId ? temporalUiLink(ui.baseUrl, ui.namespace, status.lastRun.workflowId) : null,
        }
      : null,
  };
}

/** What the status function needs from the app (config, clock, schedules, freshness). */
function statusInput(ctx: AppContext, schedules: readonly ScheduleInfo[] | null, freshness: ReadonlyMap<string, Freshness>, now: Date): Omit<SymbolStatusInput, 'models'> {
  const { config, history } = ctx.deps;
  return {
    history,
    thresholdsFor: (symbol) => thresholdsFor(config, symbol),
    minLiveSessions: config.monitoring?.minLiveSessions,
    staleAfterSessions: ctx.freshness.staleAfterSessions,
    schedules,
    freshness,
    now,
  };
}

/**
 * The history part of the rows, kept while the database has not changed (its change stamp) and the
 * champions are the same: the set-based queries run once per change, not once per request.
 */
const latestHistoryMemo = new WeakMap<AppContext, { key: string; latest: LatestHistory }>();

function latestHistory(ctx: AppContext, models: readonly ModelSummary[]): LatestHistory {
  const { history } = ctx.deps;
  const stamp = history.changeStamp();
  if (stamp === null) return readLatestHistory(history, models);
  const key = `${stamp}|${models.map((m) => `${m.symbol}:${m.champion?.version ?? ''}`).join(',')}`;
  const hit = latestHistoryMemo.get(ctx);
  if (hit && hit.key === key) return hit.latest;
  const latest = readLatestHistory(history, models);
  latestHistoryMemo.set(ctx, { key, latest });
  return latest;
}

/** Every row (`GET /models`), from set-based history queries (and the symbols' freshness, when the caller has it). */
export async function listRows(
  ctx: AppContext, models: readonly ModelSummary[], schedules: readonly ScheduleInfo[] | null, now: Date, given?: readonly Freshness[],
): Promise<ModelListItem[]> {
  const freshness = given ?? await ctx.freshness.all(models.map((m) => m.symbol));
  const bySymbol = new Map(freshness.map((f) => [f.symbol, f]));
  const input = { models, ...statusInput(ctx, schedules, bySymbol, now) };
  return buildStatuses(input, latestHistory(ctx, models)).map((s) => withLinks(s, ctx.deps.temporalUi));
}

/** One symbol's row (`GET /models/:symbol`). */
export async function oneRow(ctx: AppContext, model: ModelSummary, schedules: readonly ScheduleInfo[] | null, now: Date): Promise<ModelListItem> {
  const freshness = await ctx.freshness.of(model.symbol);
  return withLinks(symbolStatusOf(model, statusInput(ctx, schedules, new Map([[model.symbol, freshness]]), now)), ctx.deps.temporalUi);
}

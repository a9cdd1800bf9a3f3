/**
 * The rows of `GET /models`, `/models/:symbol` and the dashboard: the one symbol status of
 * domain/serving (`symbolStatuses`, shared with `stockflow status` and `stockflow monitor`) plus
 * what only the API adds, links to the symbol's workflows in the Temporal UI.
 */
import { workflowIds } from '../../common/constants.js';
import type { Freshness, ModelSummary, SymbolStatus } from '../../common/wire/index.js';
import { thresholdsFor } from '../../config/index.js';
import { symbolStatusOf, symbolStatuses, type SymbolStatusInput } from '../../domain/serving/symbol-status.js';
import { temporalUiLink } from '../../client/run-workflows.js';
import type { AppContext } from './context.js';
import type { ScheduleInfo } from './types.js';

export interface ModelListItem extends SymbolStatus {
  links: { workflows: string; lastRunWorkflow: string | null } | null;
}

type TemporalUi = { baseUrl: string; namespace: string };

export function temporalWorkflowsLink(ui: TemporalUi, workflowId: string): string {
  const base = ui.baseUrl.replace(/\/$/, '');
  return `${base}/namespaces/${encodeURIComponent(ui.namespace)}/workflows?query=${encodeURIComponent(`WorkflowId="${workflowId}"`)}`;
}

function withLinks(status: SymbolStatus, ui: TemporalUi | undefined): ModelListItem {
  return {
    ...status,
    links: ui
      ? {
          workflows: temporalWorkflowsLink(ui, workflowIds.retrainSymbol(status.symbol)),
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

/** Every row (`GET /models`), from set-based history queries. */
export async function listRows(ctx: AppContext, models: readonly ModelSummary[], schedules: readonly ScheduleInfo[] | null, now: Date): Promise<ModelListItem[]> {
  const freshness = await ctx.freshness.all(models.map((m) => m.symbol));
  const bySymbol = new Map(freshness.map((f) => [f.symbol, f]));
  return symbolStatuses({ models, ...statusInput(ctx, schedules, bySymbol, now) }).map((s) => withLinks(s, ctx.deps.temporalUi));
}

/** One symbol's row (`GET /models/:symbol`). */
export async function oneRow(ctx: AppContext, model: ModelSummary, schedules: readonly ScheduleInfo[] | null, now: Date): Promise<ModelListItem> {
  const freshness = await ctx.freshness.of(model.symbol);
  return withLinks(symbolStatusOf(model, statusInput(ctx, schedules, new Map([[model.symbol, freshness]]), now)), ctx.deps.temporalUi);
}

/**
 * The serialised `GET /models` answer kept while what it is made of is unchanged: the history
 * database's change stamp (HistoryStore.changeStamp(); null = unknown, never kept), the model
 * summaries (champions, versions), the schedules view and the Temporal UI — compared by identity,
 * since each comes from a cache that hands out the same object until it changes — and each
 * symbol's freshness, compared by value without its `checkedAt` (re-checked every 2 s, usually
 * to the same answer). Rows carry ages in seconds and `generatedAt` says when the answer was made,
 * so a kept answer is at most `maxAgeMs` old (default 5 s; model ages are days). At 500 symbols a
 * warm request is then a lookup (bench:models).
 */
import type { Freshness, ModelSummary } from '../../common/wire/index.js';
import type { JsonBody } from './json-body.js';

/** What one `/models` answer was built from. */
export interface ModelsBodyInputs {
  stamp: string | null;
  models: readonly ModelSummary[];
  freshness: readonly Freshness[];
  /** The schedules view's list (kept by the schedule cache) and its error. */
  schedules: unknown;
  schedulesError: string | undefined;
  temporalUi: unknown;
}

export class ModelsBodyCache {
  private kept: { inputs: ModelsBodyInputs; at: number; json: JsonBody } | null = null;

  constructor(private readonly maxAgeMs = 5000) {}

  /** The kept answer when it was built from the same inputs no more than maxAgeMs before `nowMs`. */
  get(inputs: ModelsBodyInputs, nowMs: number): JsonBody | undefined {
    const kept = this.kept;
    if (!kept || inputs.stamp === null || nowMs - kept.at > this.maxAgeMs || nowMs < kept.at) return undefined;
    return sameInputs(kept.inputs, inputs) ? kept.json : undefined;
  }

  set(inputs: ModelsBodyInputs, nowMs: number, json: JsonBody): void {
    this.kept = inputs.stamp === null ? null : { inputs, at: nowMs, json };
  }
}

function sameInputs(a: ModelsBodyInputs, b: ModelsBodyInputs): boolean {
  return a.stamp === b.stamp && a.schedules === b.schedules && a.schedulesError === b.schedulesError && a.temporalUi === b.temporalUi
    && sameItems(a.models, b.models) && sameFreshness(a.freshness, b.freshness);
}

function sameFreshness(a: readonly Freshness[], b: readonly Freshness[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.symbol !== y.symbol || x.state !== y.state || x.lastBar !== y.lastBar || x.lastCompletedSession !== y.lastCompletedSession
      || x.sessionsBehind !== y.sessionsBehind || x.error !== y.error) return false;
  }
  return true;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

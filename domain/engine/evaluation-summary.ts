/**
 * The one mapping of an evaluation from the engine's report to its stored/wire form,
 * `EvaluationSummary` (common/wire): metrics beside their baselines and the sample size. Everything
 * past the engine — workflows, the promotion gate, history, the API, the CLI — reads the summary.
 */
import type { EvaluationIntervals, EvaluationSummary, IntervalLevels } from '../../common/wire/index.js';
import type { EvaluationReport } from './types.js';

export function toEvaluationSummary(report: EvaluationReport): EvaluationSummary {
  const { model, baselines, skill, range } = report;
  return {
    n: range.n,
    from: range.from,
    to: range.to,
    directionAccuracy: model.directionAccuracy,
    directionCi: [model.directionCi95.low, model.directionCi95.high],
    mape: model.mape,
    mae: model.mae,
    rmse: model.rmse,
    meanConfidence: model.meanConfidence,
    brier: model.brier,
    ece: model.ece,
    baselineDirectionAccuracy: baselines.direction.accuracy,
    baselineDirectionName: baselines.direction.name,
    persistenceMape: baselines.persistence.mape,
    persistenceMae: baselines.persistence.mae,
    mapeSkill: skill.mape,
    directionSkill: skill.direction,
    ...intervalsOf(report),
  };
}

/** The interval scores beside the rolling-std baseline's; nothing for reports written before intervals. */
function intervalsOf(report: EvaluationReport): { intervals?: EvaluationIntervals } {
  const model = report.model.intervals as EvaluationReport['model']['intervals'] | undefined;
  const rollingStd = report.baselines.rollingStd as EvaluationReport['baselines']['rollingStd'] | undefined;
  if (!model || !rollingStd) return {};
  const levels = (l: typeof model): IntervalLevels => ({ p80: { ...l.p80 }, p95: { ...l.p95 } });
  return { intervals: { model: levels(model), rollingStd: levels(rollingStd) } };
}

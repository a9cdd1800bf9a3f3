import type { EvaluationIntervals, EvaluationSummary, IntervalLevels } from '../../common/wire/index.js';
import { loadEnsemble, type EnsembleModel, type EvaluationReport, type ModelMetadata as EngineMetadata, type SerializedEnsemble } from '../engine/index.js';
import type { LoadedModel, ModelRegistry } from '../registry/index.js';

/** The engine's metadata.json is rebuilt from the registry's metadata (the registry owns that file). */
const ENGINE_METADATA_FILE = 'metadata.json';

/**
 * Saves a freshly trained ensemble as the next numbered version; returns the version.
 * `idempotencyKey` (recorded in the metadata) lets a retried job find this version again.
 */
export function saveTrained(registry: ModelRegistry, serialized: SerializedEnsemble, options: { idempotencyKey?: string } = {}): number {
  const files = { ...serialized.files };
  delete files[ENGINE_METADATA_FILE];
  const m = serialized.metadata;
  const saved = registry.saveVersion(m.symbol, {
    files,
    metadata: {
      ...m,
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      metrics: { mape: m.evaluation.model.mape, directionAccuracy: m.evaluation.model.directionAccuracy, n: m.evaluation.range.n },
      baselines: {
        persistenceMape: m.evaluation.baselines.persistence.mape,
        directionAccuracy: m.evaluation.baselines.direction.accuracy,
        directionRule: m.evaluation.baselines.direction.name,
      },
    },
  });
  return saved.version;
}

/** Loads a verified version into TensorFlow.js (throws ModelIntegrityError on any mismatch). */
export async function loadModel(loaded: LoadedModel): Promise<EnsembleModel> {
  const metadataBytes = new TextEncoder().encode(JSON.stringify(loaded.metadata));
  return loadEnsemble({ ...loaded.files, [ENGINE_METADATA_FILE]: metadataBytes });
}

export function engineMetadata(loaded: LoadedModel): EngineMetadata & { version: number } {
  return loaded.metadata as unknown as EngineMetadata & { version: number };
}

/** The wire form of an evaluation: metrics beside their baselines and the sample size. */
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

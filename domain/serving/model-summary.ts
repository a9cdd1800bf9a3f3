/**
 * A symbol's registry summary (`registry.summary` / `summaries`) as the status rows read it
 * (`ModelSummary`): the champion pointer and the parts of its metadata a row shows. The one mapping.
 */
import type { ModelSummary } from '../../common/wire/index.js';
import { toEvaluationSummary } from '../engine/evaluation-summary.js';
import type { RegistrySymbolSummary } from '../registry/index.js';

export function toModelSummary(d: RegistrySymbolSummary, configured: boolean): ModelSummary {
  // Verified and parsed by the registry (the engine's ModelMetadata): read as is.
  const meta = d.championMetadata;
  return {
    symbol: d.symbol,
    configured,
    champion: d.champion ? { version: d.champion.version, since: d.champion.since, reason: d.champion.reason } : null,
    ...(d.championProblem ? { championProblem: d.championProblem } : {}),
    trainedAt: meta?.trainedAt ?? null,
    recipe: meta?.recipe ?? null,
    quick: meta?.quick ?? null,
    epochsRun: meta?.epochsRun ?? null,
    backend: meta?.backend ?? null,
    dataRange: meta ? { from: meta.dataRange.bars.from, to: meta.dataRange.bars.to } : null,
    holdout: meta ? toEvaluationSummary(meta.evaluation) : null,
    versionCount: d.versionCount,
  };
}

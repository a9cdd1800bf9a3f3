/**
 * Checks run once when the worker (or the local stack) starts, for what an operator should hear
 * about before the first monitoring run: today, absolute thresholds that the current champions'
 * own holdout already breaches.
 */
import { toEvaluationSummary } from '../domain/engine/index.js';
import { thresholdsFor, type ResolvedConfig } from '../config/index.js';
import { holdoutThresholdWarnings, type MetricSample } from '../domain/judgement/index.js';
import type { ModelRegistry } from '../domain/registry/index.js';

export function startupWarnings(config: Pick<ResolvedConfig, 'symbols' | 'thresholds'>, registry: ModelRegistry): string[] {
  const champions: Array<{ symbol: string; holdout: MetricSample }> = [];
  for (const symbol of config.symbols) {
    if (!registry.getChampion(symbol)) continue;
    let evaluation;
    try {
      evaluation = registry.loadChampion(symbol).metadata.evaluation;
    } catch {
      continue; // an unreadable champion is reported by monitoring and the API, not here
    }
    const s = toEvaluationSummary(evaluation);
    champions.push({ symbol, holdout: { n: s.n, directionAccuracy: s.directionAccuracy, directionCi: s.directionCi, mape: s.mape, meanConfidence: s.meanConfidence } });
  }
  return holdoutThresholdWarnings(champions, (symbol) => thresholdsFor(config, symbol));
}

import type { BacktestInput, BacktestResult } from '../common/wire/index.js';
import { disposeEnsemble, evaluateModel, toEvaluationSummary } from '../domain/engine/index.js';
import type { ActivityDeps } from './deps.js';
import { withFailureMapping } from './failures.js';
import { pricesFor } from './prices.js';
import { loadModel } from '../domain/serving/model-store.js';

export function createBacktestActivities(deps: ActivityDeps) {
  return withFailureMapping({
    /**
     * Re-evaluates any saved model on any data source and date range (a backtest on new
     * data), walk-forward, beside the baselines; stored as a 'backtest' evaluation.
     */
    async backtestModel({ symbol, version, source, from, to }: BacktestInput): Promise<BacktestResult> {
      const loaded = version === undefined ? deps.registry.loadChampion(symbol) : deps.registry.loadVersion(symbol, version);
      const priceSource = source ? deps.priceSourceFor(source) : null;
      const bars = priceSource ? await priceSource.fetchBars(symbol) : await pricesFor(deps, symbol);
      const model = await loadModel(loaded);
      try {
        const report = evaluateModel(model, bars, { from, to });
        const evaluation = toEvaluationSummary(report);
        const sourceName = priceSource?.name ?? deps.sourceName;
        deps.history.addEvaluation({
          symbol, version: loaded.version, kind: 'backtest', from: evaluation.from, to: evaluation.to, n: evaluation.n,
          metrics: { ...evaluation, overlapsTraining: report.overlapsTraining }, source: sourceName,
        });
        return { symbol, version: loaded.version, source: sourceName, evaluation, overlapsTraining: report.overlapsTraining };
      } finally {
        disposeEnsemble(model);
      }
    },
  });
}

import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import type { PriceBar } from '../common/prices.js';
import type { CompareInput, CompareResult, TrainChallengerInput, TrainChallengerResult, TrainingProgress } from '../common/wire/index.js';
import { disposeEnsemble, evaluateModel, predictNext, scoreStoredForecasts, toEvaluationSummary, trainInWorker, type EnsembleModel } from '../domain/engine/index.js';
import type { ActivityDeps } from './deps.js';
import { withFailureMapping } from './failures.js';
import { pricesFor } from './prices.js';
import { loadModel, saveTrained } from '../domain/serving/model-store.js';

/** The first session in `bars` after `day` (undefined when none). */
function dayAfter(bars: readonly PriceBar[], day: string): string | undefined {
  return bars.find((b) => b.date > day)?.date;
}

/** Heartbeat details of trainChallenger: epoch progress, then the saved version. */
export type TrainingHeartbeat = TrainingProgress & { savedVersion?: number };

const KEEPALIVE_MS = 5_000;

export function createTrainingActivities(deps: ActivityDeps) {
  const { registry } = deps;

  async function checkLoadsAndPredicts(symbol: string, version: number, bars: readonly PriceBar[]) {
    let model: EnsembleModel | undefined;
    try {
      model = await loadModel(registry.loadVersion(symbol, version));
    } catch (err) {
      return { challengerLoaded: false, challengerPredicted: false, challengerError: `does not load: ${(err as Error).message}` };
    }
    try {
      predictNext(model, bars);
      return { challengerLoaded: true, challengerPredicted: true };
    } catch (err) {
      return { challengerLoaded: true, challengerPredicted: false, challengerError: `does not predict: ${(err as Error).message}` };
    } finally {
      disposeEnsemble(model);
    }
  }

  async function summaryOf(symbol: string, version: number, startedAt: number): Promise<TrainChallengerResult> {
    const meta = registry.loadVersion(symbol, version).metadata;
    return {
      symbol, version, epochs: meta.epochsRun, backend: meta.backend, durationMs: Date.now() - startedAt,
      recipe: meta.recipe, holdout: toEvaluationSummary(meta.evaluation),
    };
  }

  /** The challenger's stored out-of-sample holdout forecasts scored on [from, to] (null when it has none there). */
  function challengerOn(symbol: string, version: number, bars: readonly PriceBar[], window: { from: string; to: string }) {
    const meta = registry.loadVersion(symbol, version).metadata;
    if (!meta.evaluationForecasts) return null;
    const report = scoreStoredForecasts(symbol, bars, meta.evaluationForecasts, meta.dataRange.usableFrom, window, { from: meta.dataRange.train.from, to: meta.dataRange.validation.to });
    return report ? toEvaluationSummary(report) : null;
  }

  return withFailureMapping({
    /**
     * Trains a challenger off the main thread and saves it as a new (not promoted) version.
     * Heartbeats every epoch. A retried attempt reuses the version an earlier attempt of the
     * same workflow run already saved — found by the heartbeat details or, when that heartbeat
     * was lost with the worker or the server, by the idempotency key (workflow id + run id) in
     * the version's metadata — so a lost completion leaves no orphan version; else it trains
     * again from the same seed. Cancellation stops the training thread, and the activity
     * reports it as cancelled only once the trainer has stopped.
     */
    async trainChallenger({ symbol, quick, seed, pricesThrough }: TrainChallengerInput): Promise<TrainChallengerResult> {
      const ctx = Context.current();
      const startedAt = Date.now();
      const previous = ctx.info.heartbeatDetails as TrainingHeartbeat | undefined;
      if (previous?.savedVersion !== undefined) {
        ctx.log.info('reusing the version saved by a previous attempt', { symbol, version: previous.savedVersion });
        return summaryOf(symbol, previous.savedVersion, startedAt);
      }
      const run = ctx.info.workflowExecution;
      const idempotencyKey = run ? `${run.workflowId}/${run.runId}` : undefined;
      const saved = idempotencyKey ? registry.findVersionByIdempotencyKey(symbol, idempotencyKey) : null;
      if (saved) {
        ctx.log.info('reusing the version an earlier attempt saved (its completion was lost)', { symbol, version: saved.version, idempotencyKey });
        ctx.heartbeat({ epoch: 0, epochs: 0, savedVersion: saved.version } satisfies TrainingHeartbeat);
        return summaryOf(symbol, saved.version, startedAt);
      }
      const bars = await pricesFor(deps, symbol, pricesThrough);
      const epochs = quick ? deps.training.quickEpochs : deps.training.epochs;
      let progress: TrainingHeartbeat = { epoch: 0, epochs };
      ctx.heartbeat(progress);
      const keepalive = setInterval(() => ctx.heartbeat(progress), KEEPALIVE_MS);
      try {
        const serialized = await trainInWorker({
          bars: [...bars], symbol, seed, quick, epochs,
          trainedAt: deps.now().toISOString(),
          backend: deps.training.backend,
          split: { evalDays: deps.training.evalDays },
          signal: ctx.cancellationSignal,
          onEpoch: (p) => {
            progress = { epoch: p.epoch, epochs: p.epochs, loss: p.loss, valLoss: p.valLoss };
            ctx.heartbeat(progress);
          },
          log: (message) => ctx.log.info(message),
        });
        const version = saveTrained(registry, serialized, { idempotencyKey });
        ctx.heartbeat({ ...progress, savedVersion: version });
        return await summaryOf(symbol, version, startedAt);
      } catch (err) {
        // Only a cancellation the workflow asked for; a worker shutdown stays a retryable failure.
        if (ctx.cancellationDetails?.cancelRequested && !(err instanceof CancelledFailure)) {
          ctx.log.info('training stopped on cancellation', { symbol, error: String(err) });
          throw new CancelledFailure(`training of ${symbol} stopped: ${(err as Error).message}`, [], err as Error);
        }
        throw err;
      } finally {
        clearInterval(keepalive);
      }
    },

    /**
     * Checks that the saved challenger loads (checksums, TensorFlow.js) and forecasts, and
     * scores the champion walk-forward on the challenger's held-out sessions that neither model
     * was fitted on: a champion refitted before serving saw every session through its last bar,
     * so the window starts after that, and the challenger's stored out-of-sample forecasts are
     * rescored on the same sessions. No such session: the champion is not scored (the gate then
     * compares the challenger with the baselines only). A challenger that fails
     * the check is reported, not thrown: the promotion gate then keeps the champion.
     */
    async compareWithChampion({ symbol, challengerVersion, championVersion, challengerHoldout, pricesThrough }: CompareInput): Promise<CompareResult> {
      const bars = await pricesFor(deps, symbol, pricesThrough);
      const check = await checkLoadsAndPredicts(symbol, challengerVersion, bars);
      let champion = null;
      let challenger = challengerHoldout;
      if (championVersion !== null) {
        try {
          const loaded = registry.loadVersion(symbol, championVersion);
          // The champion's served fit saw every session through its last bar: compare on the
          // challenger's holdout sessions after that only, where neither model was fitted.
          const seenThrough = loaded.metadata.fits.served?.bars.to;
          const from = seenThrough && seenThrough >= challengerHoldout.from ? dayAfter(bars, seenThrough) : challengerHoldout.from;
          const window = from !== undefined && from <= challengerHoldout.to ? { from, to: challengerHoldout.to } : null;
          const rescored = window && window.from !== challengerHoldout.from ? challengerOn(symbol, challengerVersion, bars, window) : challengerHoldout;
          if (window && rescored) {
            challenger = rescored;
            const model = await loadModel(loaded);
            try {
              champion = toEvaluationSummary(evaluateModel(model, bars, window));
            } finally {
              disposeEnsemble(model);
            }
          } else {
            Context.current().log.info('no holdout session after the champion\'s data: compared with the baselines only', { symbol, championVersion, seenThrough });
          }
        } catch (err) {
          Context.current().log.warn('champion could not be scored', { symbol, championVersion, error: String(err) });
        }
      }
      return { symbol, challenger, champion, ...check };
    },
  });
}

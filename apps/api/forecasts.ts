/**
 * Forecast-vs-actual data for the dashboard's chart, from two sources:
 *  - the champion's walk-forward forecasts over its holdout sessions: the evaluated fit's
 *    out-of-sample forecasts stored in its metadata (the served model is refitted through the
 *    last bar, so it has seen them), attached to the cached prices; for a model trained before
 *    issue 10, computed on demand with model/daily-forecasts (TensorFlow.js loaded lazily, on
 *    the first such request, so the API starts fast and `/predict` never pays for it). Kept
 *    per champion version (a version's holdout never changes);
 *  - the forecasts the worker stored (history), matched with the close that followed them.
 */
import type { PriceBar } from '../../common/prices.js';
import type { ForecastIntervals } from '../../common/wire/index.js';
import type { HistoryStore } from '../../domain/history/index.js';
import type { DailyForecast } from '../../domain/engine/daily-forecasts.js';
import type { EvaluationReport } from '../../domain/engine/types.js';
import type { Prediction } from '../../domain/engine/predict.js';
import type { PriceCache } from '../../domain/prices/index.js';
import type { ModelRegistry } from '../../domain/registry/index.js';
import { ApiError } from './errors.js';
import type { ModelSummary } from './types.js';

/** One holdout session: the walk-forward forecast beside the close that followed. */
export type ForecastPoint = DailyForecast;

export interface HoldoutForecasts {
  version: number;
  from: string;
  to: string;
  n: number;
  mape: number | null;
  directionAccuracy: number | null;
  points: ForecastPoint[];
  computedAt: string;
}

export interface StoredForecastPoint {
  asOf: string;
  targetDate: string | null;
  forecastClose: number;
  lastClose: number | null;
  direction: 'up' | 'down' | 'none' | 'flat';
  confidence: number;
  /** 80% / 95% close intervals (null for forecasts stored before intervals existed). */
  intervals: ForecastIntervals | null;
  modelVersion: number;
  createdAt: string;
  /** The first close after `asOf` in the price cache (null until it exists / without a cache). */
  actualDate: string | null;
  actualClose: number | null;
}

export interface ForecastsResponse {
  symbol: string;
  championVersion: number | null;
  holdout: HoldoutForecasts | null;
  /** Why `holdout` is null, when it is. */
  holdoutUnavailable?: string;
  stored: StoredForecastPoint[];
}

const MAX_CACHED = 64;
const BARS_TTL_MS = 60_000;

export class ForecastService {
  private readonly holdouts = new Map<string, Promise<HoldoutForecasts>>();
  private readonly bars = new Map<string, { at: number; bars: Promise<PriceBar[]> }>();

  constructor(private readonly o: { registry: ModelRegistry; history: HistoryStore; priceCache?: PriceCache; now: () => Date }) {}

  async forecasts(summary: ModelSummary, storedLimit: number): Promise<ForecastsResponse> {
    const { symbol } = summary;
    const bars = this.o.priceCache ? await this.readBars(symbol) : [];
    const response: ForecastsResponse = {
      symbol,
      championVersion: summary.champion?.version ?? null,
      holdout: null,
      stored: this.stored(symbol, bars, storedLimit),
    };
    if (!summary.champion) response.holdoutUnavailable = 'no champion model';
    else if (!this.o.priceCache) response.holdoutUnavailable = 'the API was started without a price cache';
    else if (!summary.holdout?.from || !summary.holdout.to) response.holdoutUnavailable = 'the champion has no recorded holdout range';
    else if (bars.length === 0) response.holdoutUnavailable = `no cached prices for ${symbol}`;
    else response.holdout = await this.holdout(summary, bars);
    return response;
  }

  private holdout(summary: ModelSummary, bars: PriceBar[]): Promise<HoldoutForecasts> {
    const champion = summary.champion!;
    const key = `${summary.symbol}@${champion.version}@${champion.since}`;
    let pending = this.holdouts.get(key);
    if (!pending) {
      pending = this.compute(summary.symbol, champion.version, summary.holdout!.from!, summary.holdout!.to!, bars);
      // A failure is not cached: the next request tries again.
      pending.catch(() => this.holdouts.delete(key));
      if (this.holdouts.size >= MAX_CACHED) this.holdouts.delete(this.holdouts.keys().next().value!);
      this.holdouts.set(key, pending);
    }
    return pending;
  }

  private async compute(symbol: string, version: number, from: string, to: string, bars: PriceBar[]): Promise<HoldoutForecasts> {
    const loaded = this.o.registry.loadVersion(symbol, version);
    const meta = loaded.metadata;
    // The evaluated fit's out-of-sample forecasts, stored at training: the served (refitted)
    // model has seen these sessions, so re-running it here would chart in-sample forecasts.
    if (meta.evaluationForecasts && meta.dataRange) {
      const { storedDailyForecasts, scoreStoredForecasts } = await import('../../domain/engine/stored-forecasts.js');
      const { usableFrom, train, validation } = meta.dataRange;
      const points = storedDailyForecasts(bars, meta.evaluationForecasts, usableFrom, { from, to });
      const evaluation = scoreStoredForecasts(symbol, bars, meta.evaluationForecasts, usableFrom, { from, to }, { from: train.from, to: validation.to });
      return this.summarise(version, from, to, points, evaluation);
    }
    const [{ loadModel }, { scoredDailyForecasts }, { disposeEnsemble }] = await Promise.all([
      import('../../domain/serving/model-store.js'),
      import('../../domain/engine/daily-forecasts.js'),
      import('../../domain/engine/ensemble.js'),
    ]);
    const model = await loadModel(loaded);
    try {
      const { points, evaluation } = scoredDailyForecasts(model, bars, { from, to });
      return this.summarise(version, from, to, points, evaluation);
    } finally {
      disposeEnsemble(model);
    }
  }

  /** The chart's points with the engine's own scoring of the same sessions (never a re-computation here). */
  private summarise(version: number, from: string, to: string, points: ForecastPoint[], evaluation: EvaluationReport | null): HoldoutForecasts {
    return {
      version,
      from,
      to,
      n: points.length,
      mape: evaluation?.model.mape ?? null,
      directionAccuracy: evaluation?.model.directionAccuracy ?? null,
      points,
      computedAt: this.o.now().toISOString(),
    };
  }

  /**
   * The champion's forecast as of a past day, from the cached bars up to it (on demand, not
   * stored): what the model would have said that evening. A day before the first cached bar is
   * a 422 `no_data`; a day after the last one a 404 `beyond_data` naming the last session.
   */
  async predictAsOf(symbol: string, version: number, asOf: string): Promise<Prediction> {
    if (!this.o.priceCache) throw new ApiError(503, 'no_price_cache', 'the API was started without a price cache, so it cannot forecast on demand');
    const bars = await this.readBars(symbol);
    const last = bars.at(-1)?.date;
    if (last === undefined || !bars.some((b) => b.date <= asOf)) throw new ApiError(422, 'no_data', `no cached ${symbol} prices on or before ${asOf}`);
    // Past the data, "as of" would silently mean "as of the last bar": say where the data ends.
    if (asOf > last) {
      throw new ApiError(404, 'beyond_data', `asOf ${asOf} is after the last available ${symbol} session, ${last}: ask for a day up to ${last}, or drop asOf for the stored forecast of the next session`);
    }
    const [{ loadModel }, { predictNext }, { disposeEnsemble }] = await Promise.all([
      import('../../domain/serving/model-store.js'),
      import('../../domain/engine/predict.js'),
      import('../../domain/engine/ensemble.js'),
    ]);
    const model = await loadModel(this.o.registry.loadVersion(symbol, version));
    try {
      return predictNext(model, bars, { asOf });
    } catch (err) {
      if ((err as Error).name === 'InsufficientHistoryError') throw new ApiError(422, 'insufficient_history', (err as Error).message, { cause: err });
      throw err;
    } finally {
      disposeEnsemble(model);
    }
  }

  private readBars(symbol: string): Promise<PriceBar[]> {
    const now = this.o.now().getTime();
    const cached = this.bars.get(symbol);
    if (cached && now - cached.at <= BARS_TTL_MS) return cached.bars;
    const cache = this.o.priceCache!;
    // An API on its own machine starts with an empty cache (the stores are shared, prices are
    // not): an empty one is filled from the configured source once; a failed fill stays empty.
    const bars = cache.read(symbol).then((read) => (read.length > 0 ? read : cache.readThrough(symbol, null).catch(() => read)));
    bars.catch(() => this.bars.delete(symbol));
    this.bars.set(symbol, { at: now, bars });
    return bars;
  }

  private stored(symbol: string, bars: PriceBar[], limit: number): StoredForecastPoint[] {
    const rows = this.o.history.predictionHistory(symbol, { limit });
    // Several forecasts can share an as-of day (retrain + refresh): keep the latest of each.
    const byAsOf = new Map<string, (typeof rows)[number]>();
    for (const r of rows) byAsOf.set(r.asOf, r);
    return [...byAsOf.values()].map((r) => {
      const next = firstBarAfter(bars, r.asOf);
      return {
        asOf: r.asOf,
        targetDate: r.targetDate,
        forecastClose: r.forecastClose,
        lastClose: r.lastClose,
        direction: r.direction,
        confidence: r.confidence,
        intervals: r.intervals,
        modelVersion: r.modelVersion,
        createdAt: r.createdAt,
        actualDate: next?.date ?? null,
        actualClose: next?.close ?? null,
      };
    });
  }
}

function firstBarAfter(bars: PriceBar[], day: string): PriceBar | undefined {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.date <= day) lo = mid + 1; // lo ≤ mid < hi ≤ length
    else hi = mid;
  }
  return bars[lo];
}

/**
 * In-memory per-symbol model summaries, so that reads never parse metadata files per request.
 * Each entry remembers the champion pointer it was built from; after `ttlMs` the next read
 * re-reads only champion.json (a few hundred bytes) and rebuilds the summary when the pointer
 * changed (promotion, restore, rollback) — or, regardless, every `rebuildMs` (new challenger
 * versions change the version count without moving the pointer).
 */
import { SYMBOL_PATTERN } from '../../common/constants.js';
import type { EvaluationIntervals, IntervalLevels, IntervalScoreSummary } from '../../common/wire/index.js';
import type { ModelRegistry } from '../../domain/registry/index.js';
import type { HoldoutMetrics, ModelSummary } from './types.js';

interface Entry {
  summary: ModelSummary;
  pointerKey: string;
  checkedAt: number;
  builtAt: number;
}

export interface ModelSummariesOptions {
  registry: ModelRegistry;
  configuredSymbols: readonly string[];
  now: () => Date;
  ttlMs?: number;
  rebuildMs?: number;
}

export class ModelSummaries {
  private readonly entries = new Map<string, Entry>();
  private symbolsCache: { symbols: string[]; at: number } | null = null;
  private readonly configured: Set<string>;
  private readonly ttlMs: number;
  private readonly rebuildMs: number;

  constructor(private readonly o: ModelSummariesOptions) {
    this.configured = new Set(o.configuredSymbols);
    this.ttlMs = o.ttlMs ?? 2000;
    this.rebuildMs = o.rebuildMs ?? 30_000;
  }

  /** Configured symbols first (in configuration order), then any others that have models. */
  symbols(): string[] {
    const now = this.o.now().getTime();
    if (!this.symbolsCache || now - this.symbolsCache.at > this.ttlMs) {
      const inRegistry = this.o.registry.listSymbols().filter((s) => SYMBOL_PATTERN.test(s) && !this.configured.has(s)).sort();
      this.symbolsCache = { symbols: [...this.o.configuredSymbols, ...inRegistry], at: now };
    }
    return this.symbolsCache.symbols;
  }

  isConfigured(symbol: string): boolean {
    return this.configured.has(symbol);
  }

  /** The summary of one symbol (a summary with `champion: null` when it has no model). */
  get(symbol: string): ModelSummary {
    const now = this.o.now().getTime();
    const entry = this.entries.get(symbol);
    if (entry && now - entry.checkedAt <= this.ttlMs) return entry.summary;
    const { key, problem } = this.pointerKey(symbol);
    if (entry && entry.pointerKey === key && !problem && now - entry.builtAt <= this.rebuildMs) {
      entry.checkedAt = now;
      return entry.summary;
    }
    const summary = this.build(symbol);
    this.entries.set(symbol, { summary, pointerKey: key, checkedAt: now, builtAt: now });
    return summary;
  }

  all(): ModelSummary[] {
    return this.symbols().map((s) => this.get(s));
  }

  /** Forget everything (tests; or after an operator restore through another process). */
  invalidate(): void {
    this.entries.clear();
    this.symbolsCache = null;
  }

  private pointerKey(symbol: string): { key: string; problem?: string } {
    try {
      const p = this.o.registry.getChampion(symbol);
      return { key: p ? `${p.version}@${p.since}` : 'none' };
    } catch (err) {
      return { key: 'error', problem: err instanceof Error ? err.message : String(err) };
    }
  }

  private build(symbol: string): ModelSummary {
    const d = this.o.registry.summary(symbol);
    const meta = (d.championMetadata ?? null) as Record<string, unknown> | null;
    const dataRange = obj(obj(meta?.dataRange)?.bars);
    return {
      symbol,
      configured: this.configured.has(symbol),
      champion: d.champion ? { version: d.champion.version, since: d.champion.since, reason: d.champion.reason } : null,
      ...(d.championProblem ? { championProblem: d.championProblem } : {}),
      trainedAt: str(meta?.trainedAt),
      recipe: str(meta?.recipe),
      quick: typeof meta?.quick === 'boolean' ? meta.quick : null,
      epochsRun: num(meta?.epochsRun),
      backend: str(meta?.backend),
      dataRange: dataRange && str(dataRange.from) && str(dataRange.to) ? { from: String(dataRange.from), to: String(dataRange.to) } : null,
      holdout: meta ? holdoutOf(meta) : null,
      versionCount: d.versionCount,
      builtAt: this.o.now().toISOString(),
    };
  }
}

/**
 * Holdout scores from the champion's metadata: the engine's full `evaluation` report when
 * present, else the registry's `metrics`/`baselines` summary (written by saveTrained).
 */
export function holdoutOf(meta: Record<string, unknown>): HoldoutMetrics | null {
  const evaluation = obj(meta.evaluation);
  if (evaluation) {
    const range = obj(evaluation.range);
    const model = obj(evaluation.model);
    const baselines = obj(evaluation.baselines);
    const ci = obj(model?.directionCi95);
    const low = num(ci?.low);
    const high = num(ci?.high);
    return {
      n: num(range?.n) ?? 0,
      from: str(range?.from),
      to: str(range?.to),
      mape: num(model?.mape),
      directionAccuracy: num(model?.directionAccuracy),
      directionCi: low !== null && high !== null ? [low, high] : null,
      meanConfidence: num(model?.meanConfidence),
      persistenceMape: num(obj(baselines?.persistence)?.mape),
      baselineDirectionAccuracy: num(obj(baselines?.direction)?.accuracy),
      baselineDirectionName: str(obj(baselines?.direction)?.name),
      intervals: intervalsOf(obj(model?.intervals), obj(baselines?.rollingStd)),
    };
  }
  const metrics = obj(meta.metrics);
  if (!metrics) return null;
  const baselines = obj(meta.baselines);
  return {
    n: num(metrics.n) ?? 0,
    from: null,
    to: null,
    mape: num(metrics.mape),
    directionAccuracy: num(metrics.directionAccuracy),
    directionCi: null,
    meanConfidence: num(metrics.meanConfidence),
    persistenceMape: num(baselines?.persistenceMape),
    baselineDirectionAccuracy: num(baselines?.directionAccuracy),
    baselineDirectionName: str(baselines?.directionRule),
    intervals: null,
  };
}

/** The evaluation's interval scores and the rolling-std baseline's, when both are whole (null for models trained before intervals). */
function intervalsOf(model: Record<string, unknown> | null, rollingStd: Record<string, unknown> | null): EvaluationIntervals | null {
  const m = levelsOf(model);
  const r = levelsOf(rollingStd);
  return m && r ? { model: m, rollingStd: r } : null;
}

function levelsOf(v: Record<string, unknown> | null): IntervalLevels | null {
  const p80 = scoresOf(obj(v?.p80));
  const p95 = scoresOf(obj(v?.p95));
  return p80 && p95 ? { p80, p95 } : null;
}

function scoresOf(v: Record<string, unknown> | null): IntervalScoreSummary | null {
  const n = num(v?.n);
  const level = num(v?.level);
  if (n === null || level === null) return null;
  // NaN scores (no session scored) were written as null by JSON.
  const score = (x: unknown) => num(x) ?? Number.NaN;
  return { n, level, coverage: score(v?.coverage), meanWidth: score(v?.meanWidth), intervalScore: score(v?.intervalScore), pinball: score(v?.pinball) };
}

export function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

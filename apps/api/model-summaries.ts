/**
 * In-memory per-symbol model summaries, so that reads never parse metadata files per request.
 * Each entry remembers the champion pointer it was built from; after `ttlMs` the next read
 * re-reads only champion.json (a few hundred bytes) and rebuilds the summary when the pointer
 * changed (promotion, restore, rollback) — or, regardless, every `rebuildMs` (new challenger
 * versions change the version count without moving the pointer).
 */
import { SYMBOL_PATTERN } from '../../common/constants.js';
import type { ModelSummary } from '../../common/wire/index.js';
import type { ModelRegistry } from '../../domain/registry/index.js';
import { toModelSummary } from '../../domain/serving/model-summary.js';

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
  /** The same clock in epoch ms, when cheaper than `now().getTime()` (the real clock: `Date.now`). */
  nowMs?: () => number;
  ttlMs?: number;
  rebuildMs?: number;
}

export class ModelSummaries {
  private readonly entries = new Map<string, Entry>();
  private symbolsCache: { symbols: string[]; known: Set<string>; at: number } | null = null;
  private readonly configured: Set<string>;
  private readonly ttlMs: number;
  private readonly rebuildMs: number;
  private readonly nowMs: () => number;

  constructor(private readonly o: ModelSummariesOptions) {
    this.nowMs = o.nowMs ?? (() => o.now().getTime());
    this.configured = new Set(o.configuredSymbols);
    this.ttlMs = o.ttlMs ?? 2000;
    this.rebuildMs = o.rebuildMs ?? 30_000;
  }

  /** Configured symbols first (in configuration order), then any others that have models. */
  symbols(): string[] {
    return this.listed().symbols;
  }

  /** Whether the API knows the symbol: configured, or with models in the registry (one of `symbols()`). */
  knows(symbol: string): boolean {
    return this.listed().known.has(symbol);
  }

  private listed(): { symbols: string[]; known: Set<string> } {
    const now = this.nowMs();
    if (!this.symbolsCache || now - this.symbolsCache.at > this.ttlMs) {
      const inRegistry = this.o.registry.listSymbols().filter((s) => SYMBOL_PATTERN.test(s) && !this.configured.has(s)).sort();
      const symbols = [...this.o.configuredSymbols, ...inRegistry];
      this.symbolsCache = { symbols, known: new Set(symbols), at: now };
    }
    return this.symbolsCache;
  }

  isConfigured(symbol: string): boolean {
    return this.configured.has(symbol);
  }

  /** The summary of one symbol (a summary with `champion: null` when it has no model). */
  get(symbol: string): ModelSummary {
    const now = this.nowMs();
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

  /**
   * Until when (epoch ms, exclusive) `knows(symbol)` and `get(symbol)` answer from memory, as they
   * answered last, without reading the registry (-Infinity when either has nothing kept): what a
   * caller derived from them stays right until then.
   */
  keptUntil(symbol: string): number {
    const entry = this.entries.get(symbol);
    if (!this.symbolsCache || !entry) return -Infinity;
    return Math.min(this.symbolsCache.at, entry.checkedAt) + this.ttlMs;
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
    return toModelSummary({ symbol, ...this.o.registry.summary(symbol) }, this.configured.has(symbol));
  }
}

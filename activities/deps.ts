import type { Thresholds } from '../config/index.js';
import type { HistoryStore } from '../domain/history/index.js';
import type { HealthLimits } from '../domain/judgement/index.js';
import type { PriceCache, PriceSource } from '../domain/prices/index.js';
import type { ModelRegistry } from '../domain/registry/index.js';

export interface JudgementSettings {
  /** One-sided level of the skill tests, Holm-corrected across the rules. */
  significance: number;
  /** More completed NYSE sessions behind than this = stale. */
  staleAfterSessions: number;
  /** Refused challengers in a row before a symbol is "no-skill". */
  noSkillAfterRefusals: number;
  /** New sessions after which a no-skill symbol is retrained automatically again. */
  noSkillRetryAfterSessions: number;
}

/** Everything activities need; the worker builds it once from the configuration. */
export interface ActivityDeps {
  priceCache: PriceCache;
  registry: ModelRegistry;
  history: HistoryStore;
  /** Configured universe. */
  symbols: readonly string[];
  dataDir: string;
  /** Name of the price source, recorded with evaluations. */
  sourceName: string;
  /** Another price source by its spec (a backtest on other data), built as the configured one is (`buildPriceSource`). */
  priceSourceFor: (spec: string) => PriceSource;
  /** The as-of clock of every activity (tests inject one). */
  now: () => Date;
  training: { epochs: number; quickEpochs: number; seed: number; backend?: string; evalDays: number };
  retrainConcurrency: number;
  avoidMarketHours: boolean;
  /** No alert-triggered retrain of a champion younger than this many hours. */
  retrainCooldownHours: number;
  /** Live sessions needed before live performance is judged. */
  minLiveSessions: number;
  /** Skill tests, freshness and the retrain policy (config `monitoring.*`). */
  judgement: JudgementSettings;
  /** Wait after the close before retraining (default 5 minutes). */
  afterCloseDelayMs?: number;
  thresholdsFor: (symbol: string) => Thresholds;
  promotion: { margin: number; checkBaseline: boolean };
  retention: { keepVersions: number; logsDays: number; reportsDays: number };
  /** Base URL of the prediction API to check; null when none runs. */
  apiBaseUrl: string | null;
  apiToken?: string;
  webhookUrl?: string;
  fetch?: typeof fetch;
  /** Limits of the system-health check (default DEFAULT_HEALTH_LIMITS; tests widen them). */
  healthLimits?: HealthLimits;
}

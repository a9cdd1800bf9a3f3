import type { ActivityDeps } from '../activities/index.js';
import { apiBaseUrl, thresholdsFor, type ResolvedConfig } from '../config/index.js';
import { buildPriceSource, buildServices } from '../domain/services.js';

export interface BuiltDependencies extends ActivityDeps {
  close(): void;
}

/** Everything activities need, built once per worker process from the configuration. */
export function buildDependencies(config: ResolvedConfig, overrides: Partial<ActivityDeps> = {}): BuiltDependencies {
  const { registry, history, source, priceCache } = buildServices(config, { history: overrides.history ?? 'write' });
  return {
    priceCache,
    registry,
    history,
    symbols: config.symbols,
    dataDir: config.dataDir,
    sourceName: source.name,
    priceSourceFor: (spec) => buildPriceSource(config, spec),
    now: () => new Date(),
    training: {
      epochs: config.training.epochs,
      quickEpochs: config.training.quickEpochs,
      seed: config.training.seed,
      evalDays: config.training.evalDays,
      backend: config.training.backend,
    },
    retrainConcurrency: Math.max(1, config.training.concurrency),
    avoidMarketHours: config.marketHours.avoidMarketHours,
    retrainCooldownHours: config.monitoring.retrainCooldownHours,
    minLiveSessions: config.monitoring.minLiveSessions,
    judgement: {
      significance: config.monitoring.significance,
      staleAfterSessions: config.monitoring.staleAfterSessions,
      noSkillAfterRefusals: config.monitoring.noSkillAfterRefusals,
      noSkillRetryAfterSessions: config.monitoring.noSkillRetryAfterSessions,
    },
    thresholdsFor: (symbol) => thresholdsFor(config, symbol),
    promotion: { margin: config.registry.promotionMargin, checkBaseline: config.registry.checkBaseline },
    retention: { keepVersions: config.registry.keepVersions, logsDays: config.retention.logsDays, reportsDays: config.retention.reportsDays },
    apiBaseUrl: apiBaseUrl(config),
    apiToken: config.api.token,
    webhookUrl: config.alerts.webhookUrl,
    ...overrides,
    close: () => history.close(),
  };
}

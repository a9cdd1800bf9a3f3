/**
 * Prometheus metrics on a registry of the app's own (several apps in one process — tests,
 * `npm start` — never collide). Request metrics are recorded per response (request-metrics.ts:
 * plain increments, printed at scrape time); model and incident gauges are computed at scrape
 * time from the same caches the routes use.
 */
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { HistoryStore } from '../../domain/history/index.js';
import type { FreshnessService } from './freshness.js';
import type { ModelSummaries } from './model-summaries.js';
import { RequestMetrics, type RouteRequestMetrics } from './request-metrics.js';

export interface ApiMetricsOptions {
  summaries: ModelSummaries;
  history: HistoryStore;
  now: () => Date;
  /** Node process metrics (CPU, memory, event-loop lag), prefixed `stockflow_api_`, without the `_total` gauges; default true. */
  processMetrics?: boolean;
  /** Data freshness per configured symbol (`stockflow_sessions_behind`). */
  freshness?: FreshnessService;
  configuredSymbols?: readonly string[];
}

const PROCESS_PREFIX = 'stockflow_api_';
/** prom-client's default gauges whose names end in `_total` (see the constructor). */
export const REDUNDANT_TOTALS = ['nodejs_active_resources_total', 'nodejs_active_handles_total', 'nodejs_active_requests_total'] as const;

/** The `symbol` label of system-wide incidents (tickers are upper case, so it cannot clash). */
const SYSTEM_LABEL = 'system';

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests: RequestMetrics;

  constructor(o: ApiMetricsOptions) {
    const registers = [this.registry];
    if (o.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: PROCESS_PREFIX });
      // Gauges named like counters: promtool's lint refuses a `_total` suffix on a gauge. Each is
      // the sum of its per-type gauge beside it (`…_active_handles{type}`), so nothing is lost.
      for (const name of REDUNDANT_TOTALS) this.registry.removeSingleMetric(`${PROCESS_PREFIX}${name}`);
    }
    this.requests = new RequestMetrics(this.registry);

    // One collect() fills every model gauge from one pass over the summaries. It is registered
    // first: the registry collects and prints metrics in registration order.
    new Gauge({
      name: 'stockflow_models',
      help: 'Symbols with a champion model',
      registers,
      collect() {
        for (const g of modelGauges) g.reset();
        const now = o.now().getTime();
        let withChampion = 0;
        for (const s of o.summaries.all()) {
          if (!s.champion) continue;
          withChampion++;
          setIf(version, s.symbol, s.champion.version);
          if (s.trainedAt) setIf(age, s.symbol, Math.max(0, (now - Date.parse(s.trainedAt)) / 1000));
          setIf(mape, s.symbol, s.holdout?.mape);
          setIf(direction, s.symbol, s.holdout?.directionAccuracy);
          setIf(persistence, s.symbol, s.holdout?.persistenceMape);
          setIf(baselineDirection, s.symbol, s.holdout?.baselineDirectionAccuracy);
          setIf(confidence, s.symbol, s.holdout?.meanConfidence);
          setIf(holdoutN, s.symbol, s.holdout?.n);
        }
        this.set(withChampion);
      },
    });

    const perSymbol = (name: string, help: string) => new Gauge({ name, help, labelNames: ['symbol'], registers });
    const age = perSymbol('stockflow_model_age_seconds', 'Seconds since the champion model was trained');
    const version = perSymbol('stockflow_model_champion_version', 'Version number of the champion model');
    const mape = perSymbol('stockflow_model_holdout_mape', 'Champion holdout MAPE (fraction, 0.02 = 2%)');
    const direction = perSymbol('stockflow_model_holdout_direction_accuracy', 'Champion holdout direction accuracy (fraction)');
    const persistence = perSymbol('stockflow_model_holdout_persistence_mape', 'Persistence baseline MAPE on the same holdout sessions (fraction)');
    const baselineDirection = perSymbol('stockflow_model_holdout_baseline_direction_accuracy', 'Best naive direction baseline on the same holdout sessions (fraction)');
    const confidence = perSymbol('stockflow_model_holdout_mean_confidence', 'Champion mean calibrated confidence on the holdout (fraction)');
    const holdoutN = perSymbol('stockflow_model_holdout_sessions', 'Holdout sessions the champion metrics were measured on (n)');
    const modelGauges = [age, version, mape, direction, persistence, baselineDirection, confidence, holdoutN];
    const setIf = (g: Gauge<'symbol'>, symbol: string, v: number | null | undefined) => {
      if (typeof v === 'number' && Number.isFinite(v)) g.set({ symbol }, v);
    };
    const { freshness, configuredSymbols } = o;
    if (freshness && configuredSymbols) {
      new Gauge({
        name: 'stockflow_sessions_behind',
        help: 'Completed NYSE sessions after the last cached bar, per configured symbol (absent: nothing cached)',
        labelNames: ['symbol'],
        registers,
        async collect() {
          this.reset();
          // Unreadable history (reported by /health): no values rather than a failed scrape.
          const all = await freshness.all(configuredSymbols).catch(() => []);
          for (const f of all) if (f.sessionsBehind !== null) this.set({ symbol: f.symbol }, f.sessionsBehind);
        },
      });
    }
    new Gauge({
      name: 'stockflow_open_incidents',
      help: 'Open incidents in the history database, by symbol ("system" for system-wide) and severity; absent = none open',
      labelNames: ['symbol', 'severity'],
      registers,
      collect() {
        this.reset();
        for (const c of o.history.openIncidentCounts()) this.set({ symbol: c.symbol ?? SYSTEM_LABEL, severity: c.severity }, c.count);
      },
    });
  }

  /** A route pattern's request counter and duration histogram (resolve once per route; `observe` per response). */
  forRoute(route: string): RouteRequestMetrics {
    return this.requests.forRoute(route);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_SYMBOLS, GENERAL_TASK_QUEUE, SYMBOL_PATTERN } from '../common/constants.js';
import { isTimeZone } from '../common/time-zone.js';
import { PRICE_SOURCE_SPEC_FORMS, readPriceSourceSpec } from '../common/price-source-spec.js';
import { STORE_URL_FORMS, storeUrlProblem } from '../common/store-url.js';
import { DEFAULT_PLAUSIBILITY_RULE } from '../common/prices.js';

const fraction = (what: string) =>
  z.number({ error: `${what}: a number between 0 and 1 (e.g. 0.45 for 45%)` })
    .min(0, { error: `${what}: a number between 0 and 1` })
    .max(1, { error: `${what}: a number between 0 and 1` });
const positiveInt = (what: string, max = 1_000_000) =>
  z.number({ error: `${what}: a whole number from 1 to ${max}` })
    .int({ error: `${what}: a whole number from 1 to ${max}` })
    .min(1, { error: `${what}: a whole number from 1 to ${max}` })
    .max(max, { error: `${what}: a whole number from 1 to ${max}` });
const symbol = z.string({ error: 'a ticker symbol such as "AAPL"' })
  .regex(SYMBOL_PATTERN, { error: 'a ticker symbol: 1-15 characters, uppercase letters, digits, ".", "-", "^" or "="' });
const port = z.number({ error: 'a TCP port number from 1 to 65535' }).int().min(1).max(65535, { error: 'a TCP port number from 1 to 65535' });
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time of day "HH:MM" (24-hour)' });
const weekday = z.enum(['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'], {
  error: 'a day name in capitals: SUNDAY … SATURDAY',
});
const factor = (what: string, example: number) =>
  z.number({ error: `${what}: a factor greater than 1 and at most 1000000 (e.g. ${example})` })
    .gt(1, { error: `${what}: a factor greater than 1 and at most 1000000 (e.g. ${example})` })
    .max(1_000_000, { error: `${what}: a factor greater than 1 and at most 1000000 (e.g. ${example})` });
/** The values of `training.backend` (model/backend.ts also accepts the aliases node and tfjs-node). */
export const TF_BACKEND_SETTINGS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, { error: 'a duration such as "30s", "15m", "6h" or "1d"' });

export const thresholdsSchema = z.object({
  /** Retrain when the champion is older than this many days. */
  maxModelAgeDays: positiveInt('days', 3650),
  /**
   * The seed's absolute thresholds, off (null) by default: no honest model of a daily stock
   * price meets a fixed 60% confidence, and a fixed MAPE ignores how volatile a symbol is.
   * The default judgement is skill against the naive baselines on the same sessions
   * (monitoring.significance). Set a number to turn one on.
   */
  /** Breach when live direction accuracy's whole 95% interval is below this fraction. */
  minDirectionAccuracy: fraction('direction accuracy').nullable(),
  /** Breach when live MAPE exceeds this fraction (0.05 = 5%). */
  maxMape: fraction('MAPE').nullable(),
  /** Breach when mean calibrated confidence falls below this fraction. */
  minConfidence: fraction('confidence').nullable(),
}).strict();

const thresholdOverride = thresholdsSchema.partial().strict();

const scheduleSpec = z.object({
  /** Days of the week (empty or absent = every day). */
  daysOfWeek: z.array(weekday).optional(),
  /** Days of the month (1-31) (absent = every day). */
  daysOfMonth: z.array(z.number().int().min(1).max(31, { error: 'a day of the month from 1 to 31' })).optional(),
  /** Times of day in the schedule's time zone. */
  times: z.array(timeOfDay).min(1, { error: 'at least one "HH:MM" time' }),
  paused: z.boolean().optional(),
}).strict();

export const configSchema = z.object({
  symbols: z.array(symbol).min(1, { error: 'a list of at least one ticker symbol' })
    .refine((s) => new Set(s).size === s.length, { error: 'a list without duplicate symbols' }),
  /** Where caches, models, the history DB, logs and the dev server's state live. Relative to the config file. */
  dataDir: z.string().min(1, { error: 'a directory path' }),
  /**
   * "yahoo", "csv:DIR" (DIR relative to the config file; it must be an existing directory,
   * checked by loadConfig) or "synthetic[:SEED]" — the grammar of common/price-source-spec.ts.
   */
  priceSource: z.string({ error: PRICE_SOURCE_SPEC_FORMS }).refine((s) => readPriceSourceSpec(s) !== null, { error: PRICE_SOURCE_SPEC_FORMS }),
  /** Bars from a provider too implausible to be real are refused, reported with symbol and date. */
  marketData: z.object({
    /** Largest factor between consecutive closes (or adjusted closes), and between a session's high and low. */
    maxSessionMove: factor('largest move between sessions', DEFAULT_PLAUSIBILITY_RULE.maxSessionMove),
    /** Largest adjusted close / close (dividend adjustment only lowers the adjusted close). */
    maxAdjCloseRatio: factor('largest adjClose / close', DEFAULT_PLAUSIBILITY_RULE.maxAdjCloseRatio),
  }).strict(),
  thresholds: thresholdsSchema.extend({
    /** Per-symbol overrides, e.g. a volatile stock's honest MAPE is far above SPY's. */
    overrides: z.record(symbol, thresholdOverride).default({}),
  }).strict(),
  training: z.object({
    epochs: positiveInt('epochs', 1000),
    quickEpochs: positiveInt('epochs', 1000),
    seed: z.number().int({ error: 'an integer seed' }),
    /** Most recent sessions held out for walk-forward evaluation. */
    evalDays: positiveInt('sessions', 5000),
    /**
     * Training activities run at once on one worker (each uses one core). Default: the cores
     * this process may use (`os.availableParallelism()`), so quick-training 500 symbols is not
     * one at a time.
     */
    concurrency: positiveInt('parallel trainings', 64),
    /**
     * TensorFlow.js backend: "auto" = tensorflow (native, @tensorflow/tfjs-node) when it loads,
     * else wasm. The pure-JS "cpu" backend (5-8x slower) runs only when named here.
     */
    backend: z.enum(TF_BACKEND_SETTINGS, { error: `one of ${TF_BACKEND_SETTINGS.join(', ')}` }),
  }).strict(),
  registry: z.object({
    /** Versions kept per symbol (the champion is always kept). */
    keepVersions: positiveInt('versions', 1000),
    /** A challenger may be at most this much worse than the champion and still be promoted (0.02 = 2%). */
    promotionMargin: fraction('margin'),
    /** Also refuse a challenger clearly worse than the naive baselines (persistence, best naive direction rule). */
    checkBaseline: z.boolean({ error: 'true or false' }),
  }).strict(),
  monitoring: z.object({
    /**
     * A performance breach on a champion younger than this raises an alert but starts no
     * retrain: a new model would see the same data (prevents retrain storms).
     */
    retrainCooldownHours: z.number({ error: 'a number of hours ≥ 0' }).min(0, { error: 'a number of hours ≥ 0' }).max(24 * 365),
    /** Live sessions needed before live performance is judged against the thresholds. */
    minLiveSessions: positiveInt('sessions', 1000),
    /**
     * One-sided significance level of the skill tests (model worse than its naive baseline on
     * the same sessions, or worse than its own holdout skill), Holm-corrected across the rules.
     */
    significance: z.number({ error: 'a significance level between 0.001 and 0.5' })
      .min(0.001, { error: 'a significance level between 0.001 and 0.5' }).max(0.5, { error: 'a significance level between 0.001 and 0.5' }),
    /** A symbol whose last bar is more than this many completed NYSE sessions old is stale. */
    staleAfterSessions: positiveInt('sessions', 1000),
    /** After this many challengers refused in a row, a symbol is "no-skill": no automatic retrain. */
    noSkillAfterRefusals: positiveInt('refusals', 100),
    /** A no-skill symbol is retrained automatically again once this many new sessions arrived. */
    noSkillRetryAfterSessions: positiveInt('sessions', 5000),
  }).strict(),
  marketHours: z.object({
    /** Wait (durably) for the NYSE session to close before retraining. */
    avoidMarketHours: z.boolean({ error: 'true or false' }),
  }).strict(),
  retention: z.object({
    logsDays: positiveInt('days', 3650),
    reportsDays: positiveInt('days', 3650),
  }).strict(),
  schedules: z.object({
    timeZone: z.string().refine(isTimeZone, { error: 'an IANA time zone such as "America/New_York"' }),
    /** How far back missed runs are caught up after downtime. */
    catchupWindow: duration,
    weeklyTraining: scheduleSpec,
    monitoring: scheduleSpec,
    monthlyComprehensive: scheduleSpec,
    dailyCleanup: scheduleSpec,
  }).strict(),
  temporal: z.object({
    /** host:port of an existing cluster; absent = start the embedded dev server. */
    address: z.string().regex(/^[^\s:]+:\d{1,5}$/, { error: 'host:port, e.g. "localhost:7233"' }).optional(),
    namespace: z.string().min(1, { error: 'a namespace name' }),
    /** General task queue (the training queue is `<taskQueue>-training`). */
    taskQueue: z.string().regex(/^[\w.-]{1,200}$/, { error: 'a task queue name (letters, digits, "_", ".", "-")' }),
    /** Path of the `temporal` CLI used for the embedded dev server. */
    cliPath: z.string().optional(),
    devServerPort: port,
    devServerUiPort: port,
    /** Web UI of a configured cluster, for links (the embedded dev server's is derived). */
    uiUrl: z.url({ error: 'an http(s) URL' }).optional(),
    tls: z.object({
      certPath: z.string(),
      keyPath: z.string(),
      caPath: z.string().optional(),
      serverName: z.string().optional(),
    }).strict().optional(),
    apiKey: z.string().min(1).optional(),
  }).strict(),
  api: z.object({
    host: z.string().min(1),
    port,
    /** Where other processes reach the API (monitoring's API check, `api-test`); default http://host:port. */
    url: z.url({ error: 'an http(s) URL' }).optional(),
    /** Optional bearer token required by the HTTP API. */
    token: z.string().min(8, { error: 'a token of at least 8 characters' }).optional(),
    /** Origins a browser page may call the API from (CORS); none (default): CORS off; "*": any. */
    corsOrigins: z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/, error: 'an origin such as https://example.com, or "*"' })])).default([]),
  }).strict(),
  /** The worker's Prometheus endpoint (its trainings + the Temporal SDK's runtime metrics); off without a port. */
  metrics: z.object({
    host: z.string().min(1),
    port: port.optional(),
  }).strict(),
  alerts: z.object({
    /** Slack-compatible incoming-webhook URL that receives alerts. */
    webhookUrl: z.url({ error: 'an http(s) URL' }).optional(),
  }).strict(),
  /**
   * Where the history lives: absent = the embedded SQLite file in dataDir; a postgres:// URL = a
   * shared PostgreSQL store that every worker, the API and the CLI on any machine use.
   */
  store: z.object({
    url: z.string({ error: STORE_URL_FORMS }).refine((s) => storeUrlProblem(s) === null, { error: STORE_URL_FORMS }).optional(),
  }).strict(),
}).strict();

export type StockflowConfig = z.infer<typeof configSchema>;
export type Thresholds = z.infer<typeof thresholdsSchema>;
export type ScheduleSpec = z.infer<typeof scheduleSpec>;

export const DEFAULT_CONFIG: z.input<typeof configSchema> = {
  symbols: [...DEFAULT_SYMBOLS],
  dataDir: '.stockflow',
  priceSource: 'yahoo',
  marketData: { ...DEFAULT_PLAUSIBILITY_RULE },
  thresholds: {
    maxModelAgeDays: 7,
    minDirectionAccuracy: null,
    maxMape: null,
    minConfidence: null,
    overrides: {},
  },
  training: { epochs: 40, quickEpochs: 10, seed: 42, evalDays: 250, concurrency: Math.min(64, availableParallelism()), backend: 'auto' },
  registry: { keepVersions: 5, promotionMargin: 0.02, checkBaseline: true },
  monitoring: { retrainCooldownHours: 24, minLiveSessions: 20, significance: 0.05, staleAfterSessions: 1, noSkillAfterRefusals: 3, noSkillRetryAfterSessions: 20 },
  marketHours: { avoidMarketHours: true },
  retention: { logsDays: 14, reportsDays: 90 },
  schedules: {
    timeZone: 'America/New_York',
    catchupWindow: '1h',
    weeklyTraining: { daysOfWeek: ['SUNDAY'], times: ['02:00'] },
    monitoring: { daysOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], times: ['06:00', '12:00', '18:00'] },
    monthlyComprehensive: { daysOfMonth: [1], times: ['01:00'] },
    dailyCleanup: { times: ['03:00'] },
  },
  temporal: { namespace: 'default', taskQueue: GENERAL_TASK_QUEUE, devServerPort: 7233, devServerUiPort: 8233 },
  api: { host: '127.0.0.1', port: 3000 },
  metrics: { host: '127.0.0.1' },
  alerts: {},
  store: {},
};

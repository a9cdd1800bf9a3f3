import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors.js';
import { DEFAULT_SYMBOLS } from '../../common/constants.js';
import { apiBaseUrl, loadConfig, thresholdsFor } from '../../config/index.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('stockflow-config-');
/** An existing price directory, `csv:prices` from `dir` and `csv:../prices` from `dir/nested`. */
mkdirSync(path.join(dir, 'prices'), { recursive: true });
mkdirSync(path.join(dir, 'nested'), { recursive: true });
writeFileSync(path.join(dir, 'not-a-dir.csv'), 'date\n');
let n = 0;
function writeConfig(yaml: string): string {
  const file = path.join(dir, `c${n++}.yaml`);
  writeFileSync(file, yaml);
  return file;
}
function loadError(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    loadConfig({ file: writeConfig(yaml), env, cwd: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('loads the repository default file with the 13 symbols, age limit on, absolute thresholds off, skill tests at 5%', () => {
    const config = loadConfig({ file: path.join(REPO_ROOT, 'stockflow.config.yaml'), env: {} });
    expect(config.symbols).toEqual([...DEFAULT_SYMBOLS]);
    expect(config.thresholds).toMatchObject({ maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: null, minConfidence: null });
    expect(config.monitoring).toMatchObject({ significance: 0.05, staleAfterSessions: 1, noSkillAfterRefusals: 3 });
    expect(config.dataDir).toBe(path.join(REPO_ROOT, '.stockflow'));
    expect(config.schedules.timeZone).toBe('America/New_York');
    expect(config.temporal.address).toBeUndefined();
  });

  it('runs as many trainings at once as the cores available unless training.concurrency says otherwise', () => {
    expect(loadConfig({ file: path.join(REPO_ROOT, 'stockflow.config.yaml'), env: {} }).training.concurrency).toBe(availableParallelism());
    expect(loadConfig({ file: writeConfig('training:\n  concurrency: 3\n'), env: {} }).training.concurrency).toBe(3);
  });

  it('applies per-symbol threshold overrides on top of the global ones', () => {
    const config = loadConfig({ file: writeConfig('thresholds:\n  maxMape: 0.05\n  overrides:\n    SMCI: { maxMape: 0.09 }\n'), env: {} });
    expect(thresholdsFor(config, 'SMCI')).toEqual({ maxModelAgeDays: 7, minDirectionAccuracy: null, maxMape: 0.09, minConfidence: null });
    expect(thresholdsFor(config, 'SPY').maxMape).toBe(0.05);
  });

  it('resolves dataDir and csv: sources relative to the config file', () => {
    const file = path.join(dir, 'nested', 'stockflow.yaml');
    writeFileSync(file, 'dataDir: state\npriceSource: csv:../prices\n');
    const config = loadConfig({ file, env: {}, cwd: '/' });
    expect(config.dataDir).toBe(path.join(dir, 'nested', 'state'));
    expect(config.priceSource).toBe(`csv:${path.join(dir, 'prices')}`);
  });

  it('lets environment variables override the file', () => {
    const config = loadConfig({
      file: writeConfig('priceSource: yahoo\n'),
      cwd: dir,
      env: {
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        TEMPORAL_NAMESPACE: 'prod',
        TEMPORAL_API_KEY: 'secret-key',
        STOCKFLOW_DATA_DIR: 'data',
        STOCKFLOW_PRICE_SOURCE: 'csv:prices',
        STOCKFLOW_SYMBOLS: 'aapl, spy',
        STOCKFLOW_API_PORT: '8080',
        STOCKFLOW_AVOID_MARKET_HOURS: 'false',
        STOCKFLOW_MAX_SESSION_MOVE: '4',
        STOCKFLOW_MAX_ADJ_CLOSE_RATIO: '1.5',
      },
    });
    expect(config.temporal).toMatchObject({ address: 'temporal.internal:7233', namespace: 'prod', apiKey: 'secret-key' });
    expect(config.dataDir).toBe(path.join(dir, 'data'));
    // Relative to the working directory, not to the config file.
    expect(config.priceSource).toBe(`csv:${path.join(dir, 'prices')}`);
    expect(config.marketData).toEqual({ maxSessionMove: 4, maxAdjCloseRatio: 1.5 });
    expect(config.symbols).toEqual(['AAPL', 'SPY']);
    expect(config.api.port).toBe(8080);
    expect(config.marketHours.avoidMarketHours).toBe(false);
  });

  it.each([
    ['thresholds:\n  maxMape: "five"\n', 'thresholds.maxMape', '"five"', 'between 0 and 1'],
    ['thresholds:\n  minDirectionAccuracy: 45\n', 'thresholds.minDirectionAccuracy', '45', 'between 0 and 1'],
    ['thresholds:\n  maxModelAgeDays: 0\n', 'thresholds.maxModelAgeDays', '0', 'whole number'],
    ['thresholds:\n  overrides:\n    SMCI: { maxMape: -1 }\n', 'thresholds.overrides.SMCI.maxMape', '-1', 'between 0 and 1'],
    ['symbols: [AAPL, "../etc"]\n', 'symbols.1', '"../etc"', 'ticker symbol'],
    ['symbols: []\n', 'symbols', '[]', 'at least one'],
    ['symbols: [AAPL, AAPL]\n', 'symbols', '["AAPL","AAPL"]', 'without duplicate'],
    ['priceSource: bloomberg\n', 'priceSource', '"bloomberg"', '"yahoo", "csv:DIR" (DIR relative to the base directory), "synthetic" or "synthetic:SEED"'],
    ['priceSource: "csv:"\n', 'priceSource', '"csv:"', '"yahoo", "csv:DIR"'],
    ['priceSource: synthetic:99999999999\n', 'priceSource', '"synthetic:99999999999"', 'SEED an integer 0–4294967295'],
    ['priceSource: csv:/nonexistent/dir\n', 'priceSource', '"csv:/nonexistent/dir"', '"csv:DIR" with DIR an existing directory of <SYMBOL>.csv files (/nonexistent/dir does not exist)'],
    ['priceSource: csv:not-a-dir.csv\n', 'priceSource', '"csv:not-a-dir.csv"', 'not-a-dir.csv is a file, not a directory'],
    ['marketData:\n  maxSessionMove: 1\n', 'marketData.maxSessionMove', '1', 'a factor greater than 1'],
    ['marketData:\n  maxAdjCloseRatio: "ten"\n', 'marketData.maxAdjCloseRatio', '"ten"', 'a factor greater than 1'],
    ['schedules:\n  timeZone: Mars/Olympus\n', 'schedules.timeZone', '"Mars/Olympus"', 'IANA time zone'],
    ['schedules:\n  weeklyTraining: { daysOfWeek: [SUNDAY], times: ["25:00"] }\n', 'schedules.weeklyTraining.times.0', '"25:00"', 'HH:MM'],
    ['schedules:\n  catchupWindow: forever\n', 'schedules.catchupWindow', '"forever"', 'duration'],
    ['temporal:\n  address: "no port"\n', 'temporal.address', '"no port"', 'host:port'],
    ['api:\n  port: 70000\n', 'api.port', '70000', 'TCP port'],
    ['registry:\n  keepVersions: 2.5\n', 'registry.keepVersions', '2.5', 'whole number'],
    ['marketHours:\n  avoidMarketHours: sometimes\n', 'marketHours.avoidMarketHours', '"sometimes"', 'true or false'],
    ['training:\n  epochs: 0\n', 'training.epochs', '0', 'whole number'],
    ['alerts:\n  webhookUrl: not-a-url\n', 'alerts.webhookUrl', '"not-a-url"', 'URL'],
    ['store:\n  url: mysql://u@db.internal/stockflow\n', 'store.url', '"mysql://u@db.internal/stockflow"', 'a postgres:// or postgresql:// URL with a host and a database'],
    ['store:\n  url: postgres://u@db.internal\n', 'store.url', '"postgres://u@db.internal"', 'a postgres:// or postgresql:// URL'],
    ['thresholds:\n  maxMAPE: 0.05\n', 'thresholds.maxMAPE', '"(unknown field)"', 'known fields'],
  ])('refuses %j naming the field, the value and what is allowed', (yaml, field, value, allowed) => {
    const err = loadError(yaml);
    expect(err.field).toBe(field);
    expect(err.message).toContain(`${field} = ${value}`);
    expect(err.message).toContain(allowed);
    expect(err.message).toContain(dir);
  });

  it.each([
    // Parsed as a URL, but not PostgreSQL / no database: the password is masked.
    ['store:\n  url: mysql://app:s3cret-pw@db.internal/stockflow\n', {}, 'store.url', 'mysql://app:***@db.internal/stockflow'],
    ['store:\n  url: postgres://app:s3cret-pw@db.internal\n', {}, 'store.url', 'postgres://app:***@db.internal'],
    // Not a URL at all (no scheme; a password holding "/"): still masked up to the last "@".
    ['store:\n  url: app:s3cret-pw@db.internal/stockflow\n', {}, 'store.url', 'app:***@db.internal/stockflow'],
    ['store:\n  url: "postgres://app:s3cret/pw@db.internal/stockflow"\n', {}, 'store.url', 'postgres://app:***@db.internal/stockflow'],
    // A URL where the store mapping belongs.
    ['store: postgres://app:s3cret-pw@db.internal/stockflow\n', {}, 'store', 'postgres://app:***@db.internal/stockflow'],
    // From the environment.
    ['{}\n', { STOCKFLOW_STORE_URL: 'mysql://app:s3cret-pw@db.internal/stockflow' }, 'store.url', 'mysql://app:***@db.internal/stockflow'],
  ])('refuses a malformed store URL without echoing its password: %j', (yaml, env, field, shown) => {
    const err = loadError(yaml, env);
    expect(err.field).toBe(field);
    expect(err.message).toContain(`${field} = "${shown}"`);
    expect(err.message).not.toContain('s3cret');
    expect(JSON.stringify(err.value)).not.toContain('s3cret');
  });

  it('derives where other processes reach the API, unless api.url says so', () => {
    expect(apiBaseUrl(loadConfig({ env: { STOCKFLOW_API_HOST: '0.0.0.0', STOCKFLOW_API_PORT: '8080' }, cwd: dir }))).toBe('http://127.0.0.1:8080');
    expect(apiBaseUrl(loadConfig({ env: { STOCKFLOW_API_URL: 'http://api:3000/' }, cwd: dir }))).toBe('http://api:3000');
  });

  it('has the default plausibility rule in the repository default file', () => {
    expect(loadConfig({ file: path.join(REPO_ROOT, 'stockflow.config.yaml'), env: {} }).marketData).toEqual({ maxSessionMove: 10, maxAdjCloseRatio: 2 });
  });

  it.each([
    ['csv:', 'priceSource = "csv:" is not allowed; expected "yahoo", "csv:DIR"'],
    ['csv:/nonexistent/dir', 'priceSource = "csv:/nonexistent/dir" is not allowed; expected "csv:DIR" with DIR an existing directory of <SYMBOL>.csv files (/nonexistent/dir does not exist)'],
    ['csv:missing', `(${path.join(dir, 'missing')} does not exist)`],
  ])('refuses STOCKFLOW_PRICE_SOURCE=%s naming the variable, the value and what is allowed', (value, expected) => {
    const err = loadError('priceSource: yahoo\n', { STOCKFLOW_PRICE_SOURCE: value });
    expect(err.field).toBe('priceSource');
    expect(err.message).toContain('environment variable STOCKFLOW_PRICE_SOURCE');
    expect(err.message).toContain(expected);
  });

  it('names the environment variable when the bad value came from one', () => {
    const err = loadError('{}\n', { STOCKFLOW_API_PORT: 'eighty' });
    expect(err.message).toContain('environment variable STOCKFLOW_API_PORT');
    expect(err.message).toContain('api.port = "eighty"');
  });

  it('takes the TensorFlow.js backend from training.backend (default auto), STOCKFLOW_TF_BACKEND overriding the file', () => {
    expect(loadConfig({ env: {}, cwd: dir }).training.backend).toBe('auto');
    const file = writeConfig('training:\n  backend: wasm\n');
    expect(loadConfig({ file, env: {}, cwd: dir }).training.backend).toBe('wasm');
    expect(loadConfig({ file, env: { STOCKFLOW_TF_BACKEND: 'cpu' }, cwd: dir }).training.backend).toBe('cpu');
    const err = loadError('{}\n', { STOCKFLOW_TF_BACKEND: 'gpu' });
    expect(err.message).toContain('environment variable STOCKFLOW_TF_BACKEND');
    expect(err.message).toContain('training.backend = "gpu" is not allowed; expected one of auto, tensorflow, wasm, cpu');
    expect(loadError('training:\n  backend: fast\n').message).toContain('training.backend = "fast"');
  });

  it('reports YAML syntax errors with their position', () => {
    const err = loadError('symbols: [AAPL\nthresholds: {\n');
    expect(err.message).toMatch(/line \d+, column \d+/);
  });

  it('refuses a config file that does not exist', () => {
    expect(() => loadConfig({ file: path.join(dir, 'missing.yaml'), env: {} })).toThrow(/missing\.yaml.*existing YAML/);
  });
});

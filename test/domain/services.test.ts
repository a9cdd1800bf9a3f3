/**
 * buildServices: the one place registry, history, price source and cache are built from the
 * configuration (worker, API and CLI call it): the data directory's layout, the three ways to open
 * the history database, and who closes what.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, temporalAddress } from '../../config/index.js';
import { HistoryStore, historyFile } from '../../domain/history/index.js';
import { buildPriceSource, buildServices, modelsDir, pricesDir } from '../../domain/services.js';
import { testPostgresUrl } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-dir.js';

function configIn(dataDir: string, extra: Record<string, string> = {}) {
  return loadConfig({ file: undefined, cwd: dataDir, env: { STOCKFLOW_DATA_DIR: dataDir, STOCKFLOW_PRICE_SOURCE: 'synthetic:7', ...extra } });
}

describe('buildServices', () => {
  it('lays the services out in the data directory and builds the configured price source', async () => {
    const dataDir = tempDir('stockflow-services-');
    const services = buildServices(configIn(dataDir));
    try {
      expect(modelsDir({ dataDir })).toBe(path.join(dataDir, 'models'));
      expect(services.registry.listSymbols()).toEqual([]);
      expect(services.priceCache.dir).toBe(pricesDir({ dataDir }));
      expect(services.source.name).toMatch(/^synthetic/);
      await services.priceCache.refresh('SPY');
      expect((await services.priceCache.read('SPY')).length).toBeGreaterThan(0);
      expect(existsSync(path.join(dataDir, 'prices', 'SPY.csv'))).toBe(true);
      expect(existsSync(historyFile(dataDir))).toBe(true);
    } finally {
      services.close();
    }
  });

  it('builds another source (evaluate --source, backtestModel) as it builds the configured one: csv:DIR against the config file, bad specs named', () => {
    const dataDir = tempDir('stockflow-services-source-');
    const file = path.join(dataDir, 'stockflow.config.yaml');
    writeFileSync(file, 'priceSource: synthetic:3\n');
    const config = loadConfig({ file, cwd: '/', env: { STOCKFLOW_DATA_DIR: dataDir } });
    expect(buildPriceSource(config).name).toBe(buildServices(config, { history: 'read-if-exists' }).source.name);
    expect(buildPriceSource(config, 'csv:new-prices').name).toBe(`csv:${path.join(dataDir, 'new-prices')}`);
    expect(buildPriceSource(config, 'synthetic:9').name).not.toBe(buildPriceSource(config).name);
    expect(() => buildPriceSource(config, 'ftp:prices')).toThrow(/source = "ftp:prices" is not allowed; expected/);
  });

  it('opens history for writing, read-only (created first), or not at all when it does not exist yet', () => {
    const dataDir = tempDir('stockflow-services-history-');
    const config = configIn(dataDir);
    const none = buildServices(config, { history: 'read-if-exists' });
    expect(none.history).toBeNull();
    none.close();
    expect(existsSync(historyFile(dataDir))).toBe(false);

    const reader = buildServices(config, { history: 'read' });
    expect(existsSync(historyFile(dataDir))).toBe(true);
    expect(() => reader.history.addReport({ kind: 'x' })).toThrow(/readonly/i);
    reader.close();

    const writer = buildServices(config, { history: 'write' });
    expect(writer.history.addReport({ kind: 'x' }).id).toBe(1);
    writer.close();
    const again = buildServices(config, { history: 'read-if-exists' });
    expect(again.history).not.toBeNull();
    again.close();
  });

  it('leaves a history store it was given open: its owner closes it', () => {
    const dataDir = tempDir('stockflow-services-given-');
    const store = HistoryStore.open({ file: historyFile(dataDir) });
    const services = buildServices(configIn(dataDir), { history: store });
    expect(services.history).toBe(store);
    services.close();
    expect(store.addReport({ kind: 'still-open' }).id).toBe(1);
    store.close();
  });
});

describe('buildServices with store.url (STOCKFLOW_STORE_URL)', () => {
  it('opens the shared PostgreSQL history instead of the SQLite file, the same one from any data directory', () => {
    const url = testPostgresUrl('services');
    const [dirA, dirB] = [tempDir('stockflow-services-pg-a-'), tempDir('stockflow-services-pg-b-')];
    const configA = configIn(dirA, { STOCKFLOW_STORE_URL: url });
    const configB = configIn(dirB, { STOCKFLOW_STORE_URL: url });
    expect(configA.store.url).toBe(url);

    const none = buildServices(configB, { history: 'read-if-exists' });
    expect(none.history).toBeNull();
    none.close();

    const reader = buildServices(configB, { history: 'read' }); // migrates first, then reads only
    expect(reader.history.engine).toBe('postgres');
    expect(() => reader.history.addReport({ kind: 'x' })).toThrow(/read-only transaction/);

    const writer = buildServices(configA, { history: 'write' });
    try {
      expect(writer.history.engine).toBe('postgres');
      writer.history.addReport({ kind: 'from-a' });
      expect(reader.history.listReports().map((r) => r.kind)).toEqual(['from-a']);
      expect(existsSync(historyFile(dirA))).toBe(false);
      expect(existsSync(historyFile(dirB))).toBe(false);
    } finally {
      writer.close();
      reader.close();
    }
  });

  it('refuses a store URL that is not PostgreSQL, naming the variable', () => {
    const dataDir = tempDir('stockflow-services-bad-url-');
    expect(() => configIn(dataDir, { STOCKFLOW_STORE_URL: 'sqlite:///tmp/x.db' })).toThrow(/store\.url = "sqlite:\/\/\/tmp\/x\.db".*postgres:\/\/ or postgresql:\/\//);
    expect(() => configIn(dataDir, { STOCKFLOW_STORE_URL: 'sqlite:///tmp/x.db' })).toThrow(/STOCKFLOW_STORE_URL/);
  });
});

describe('temporalAddress', () => {
  it('is the configured cluster, else the embedded dev server on its port', () => {
    const dataDir = tempDir('stockflow-services-temporal-');
    expect(temporalAddress(configIn(dataDir, { TEMPORAL_ADDRESS: 'temporal.internal:7233' }))).toBe('temporal.internal:7233');
    expect(temporalAddress(configIn(dataDir))).toBe('127.0.0.1:7233');
  });
});

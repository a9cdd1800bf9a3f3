/**
 * bench:models — `GET /models` and `GET /predict/:symbol` at 13 / 100 / 500 symbols that all have a champion
 * (registry versions with a valid metadata, a live score, holdout/backtest evaluations, a decision,
 * a stored forecast and an open incident each), through buildApp + inject: the API's own cost,
 * without HTTP. Reports the warm median and p95 of 30 requests after 5 (and the median CPU time), plain and with
 * `Accept-Encoding: br, gzip` as a browser asks.
 *   npx tsx bench/models-scale.ts [--sizes=13,100,500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../apps/api/app.js';
import { HistoryStore } from '../domain/history/index.js';
import { ModelRegistry } from '../domain/registry/index.js';
import { exampleModelMetadata } from '../test/helpers/model-metadata.js';
import { performance } from 'node:perf_hooks';
import { args, median, table, writeResult } from './lib.js';

const WARMUP = 5;
const SAMPLES = 30;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const p95 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;

function seed(dataDir: string, symbols: string[]) {
  const registry = new ModelRegistry({ root: path.join(dataDir, 'models') });
  const history = HistoryStore.open({ file: path.join(dataDir, 'history.sqlite') });
  const at = new Date('2026-11-20T12:00:00.000Z');
  for (const [i, symbol] of symbols.entries()) {
    const weights = new Uint8Array(64 * 1024).map((_, k) => (k * 31 + i) % 251);
    const { version } = registry.saveVersion(symbol, { files: { 'gru/weights.bin': weights }, metadata: exampleModelMetadata(symbol) });
    registry.promote(symbol, version, { promote: true, reason: 'bench' });
    history.addEvaluation({ symbol, version, kind: 'holdout', evaluatedAt: at, from: '2024-01-02', to: '2024-12-31', n: 250, metrics: { mape: 0.02, directionAccuracy: 0.53 } });
    history.addLiveScore({ symbol, version, scoredAt: at, from: '2026-10-01', to: '2026-11-19', n: 35, directionAccuracy: 0.5, mape: 0.02, meanConfidence: 0.55, details: { directionCi: [0.34, 0.66], persistenceMape: 0.019 } });
    history.addDecision({ symbol, challengerVersion: version, championVersion: null, promoted: true, reason: 'first model', at, workflowId: `retrain-${symbol}` });
    history.addPrediction({ symbol, asOf: '2026-11-19', targetDate: '2026-11-20', forecastClose: 101, lastClose: 100, direction: 'up', confidence: 0.55, modelVersion: version, createdAt: at,
      intervals: { p80: { low: 98, high: 104 }, p95: { low: 96, high: 106 } } });
  }
  history.reconcileIncidents(at, symbols.slice(0, Math.ceil(symbols.length / 10)).map((symbol) => ({ symbol, rule: 'data', severity: 'warning' as const, message: 'stale', advice: 'refresh' })), { symbols, system: true });
  return { registry, history };
}

async function measure(n: number) {
  const symbols = Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, '0')}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-bench-models-'));
  const { registry, history } = seed(dataDir, symbols);
  const config = { symbols, thresholds: { maxModelAgeDays: 30, minDirectionAccuracy: null, maxMape: null, minConfidence: null, overrides: {} } };
  const app = await buildApp({ registry, history, config, logger: { info: () => undefined, warn: () => undefined, error: console.error } }, { processMetrics: false });
  try {
    const sample = async (url: string, headers: Record<string, string> = {}) => {
      const times: number[] = [];
      const cpu: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const before = process.cpuUsage();
        const { ms, value } = await timed(() => app.inject({ method: 'GET', url, headers }));
        const used = process.cpuUsage(before);
        if (value.statusCode !== 200) throw new Error(`${url}: HTTP ${value.statusCode} ${value.body.slice(0, 200)}`);
        bytes = value.rawPayload.length;
        if (i >= WARMUP) {
          times.push(ms);
          cpu.push((used.user + used.system) / 1000);
        }
      }
      // CPU time per request beside wall time: on a loaded machine the wall time is mostly waiting for a core.
      return { p50Ms: +median(times).toFixed(1), p95Ms: +p95(times).toFixed(1), cpuP50Ms: +median(cpu).toFixed(1), kb: +(bytes / 1024).toFixed(1) };
    };
    return { symbols: n, models: await sample('/models'), modelsBr: await sample('/models', { 'accept-encoding': 'br, gzip' }), predict: await sample(`/predict/${symbols[0]}`) };
  } finally {
    await app.close();
    history.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const { flags } = args();
  const sizes = (flags.sizes ?? '13,100,500').split(',').map(Number);
  const rows = [];
  for (const n of sizes) {
    const row = await measure(n);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  console.log(table(rows.map((r) => ({
    symbols: r.symbols, '/models p50 ms': r.models.p50Ms, '/models p95 ms': r.models.p95Ms, '/models CPU ms': r.models.cpuP50Ms, '/models KB': r.models.kb,
    '/models br p50 ms': r.modelsBr.p50Ms, '/models br CPU ms': r.modelsBr.cpuP50Ms, '/models br KB': r.modelsBr.kb, '/predict p50 ms': r.predict.p50Ms,
  }))));
  console.log(`written to ${writeResult('models-scale', { sizes, runs: rows })}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

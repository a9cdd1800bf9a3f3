/**
 * bench:predict — latency of loading a saved model and of predictNext on the full price history.
 *   npx tsx bench/predict.ts [--symbols=SPY] [--runs=200]
 */
import { disposeEnsemble, loadEnsemble, predictNext, serializeEnsemble, trainModel } from '../domain/engine/index.js';
import { args, loadBars, table, writeResult } from './lib.js';

async function main(): Promise<void> {
  const { flags } = args();
  const symbols = flags.symbols ? flags.symbols.split(',') : ['SPY', 'NVDA'];
  const runs = Number(flags.runs ?? 200);
  const rows: Record<string, string | number>[] = [];
  for (const symbol of symbols) {
    const bars = await loadBars(symbol);
    const trained = await trainModel({ bars, symbol, quick: true, trainedAt: '2025-07-01T00:00:00.000Z', log: () => {} });
    const { files } = await serializeEnsemble(trained);
    disposeEnsemble(trained);
    const l0 = performance.now();
    const model = await loadEnsemble(files);
    const loadMs = performance.now() - l0;
    const c0 = performance.now();
    predictNext(model, bars);
    const firstMs = performance.now() - c0;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      predictNext(model, bars);
      times.push(performance.now() - t0);
    }
    const asOf = bars.at(-300)?.date;
    if (asOf === undefined) throw new Error(`${symbol}: needs at least 300 bars, has ${bars.length}`);
    const a0 = performance.now();
    predictNext(model, bars, { asOf });
    const asOfMs = performance.now() - a0;
    disposeEnsemble(model);
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
    rows.push({
      symbol,
      bars: bars.length,
      backend: model.metadata.backend,
      loadMs: +loadMs.toFixed(1),
      firstMs: +firstMs.toFixed(2),
      p50Ms: +q(0.5).toFixed(2),
      p95Ms: +q(0.95).toFixed(2),
      maxMs: +(times.at(-1) ?? NaN).toFixed(2),
      asOfMs: +asOfMs.toFixed(2),
    });
  }
  console.log(`\npredictNext over ${runs} runs (full history passed in each time):\n${table(rows)}`);
  console.log(`wrote ${writeResult('predict', { runs, perSymbol: rows })}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * bench:quality — for every symbol, train on data before its evaluation window and report the
 * walk-forward scores on the held-out most recent sessions beside their baselines.
 *   npx tsx bench/quality.ts [--symbols=NVDA,SPY] [--workers=2] [--quick]
 */
import { wilsonInterval, trainInWorker, type EvaluationReport } from '../domain/engine/index.js';
import { args, loadBars, pct, pool, table, writeResult } from './lib.js';

async function main(): Promise<void> {
  const { symbols, flags } = args();
  const quick = flags.quick === 'true';
  const reports = await pool(symbols, Number(flags.workers ?? 2), async (symbol) => {
    const r = await trainInWorker({ bars: await loadBars(symbol), symbol, quick, trainedAt: '2025-07-01T00:00:00.000Z', log: () => {} });
    console.log(`${symbol} done (${r.metadata.epochsRun} epochs, weights ${JSON.stringify(r.metadata.ensembleWeights)})`);
    return { metadata: r.metadata, evaluation: r.metadata.evaluation };
  });
  const rows = reports.map(({ metadata, evaluation: e }) => ({
    symbol: e.symbol,
    n: e.range.n,
    evaluated: `${e.range.from}..${e.range.to}`,
    trainedThrough: metadata.dataRange.validation.to,
    dirAcc: pct(e.model.directionAccuracy),
    ci95: `[${pct(e.model.directionCi95.low, 0)}, ${pct(e.model.directionCi95.high, 0)}]`,
    baseline: `${pct(e.baselines.direction.accuracy)} ${e.baselines.direction.name}`,
    dirSkill: e.skill.direction.toFixed(3),
    mape: pct(e.model.mape, 2),
    persistMape: pct(e.baselines.persistence.mape, 2),
    mapeSkill: e.skill.mape.toFixed(4),
    meanConf: pct(e.model.meanConfidence),
    ece: e.model.ece.toFixed(3),
    brier: e.model.brier.toFixed(3),
  }));
  const pooled = poolAll(reports.map((r) => r.evaluation));
  console.log(`\n${table(rows)}\n`);
  console.log(
    `Pooled over ${pooled.n} symbol-days: direction ${pct(pooled.accuracy)} [${pct(pooled.ci.low)}, ${pct(pooled.ci.high)}] vs baseline ${pct(pooled.baseline)}; ` +
      `MAPE ${pct(pooled.mape, 3)} vs persistence ${pct(pooled.persistMape, 3)}; symbols beating the direction baseline: ${pooled.beatDirection}/${reports.length}, beating persistence MAPE: ${pooled.beatMape}/${reports.length}`,
  );
  const file = writeResult(quick ? 'quality-quick' : 'quality', { quick, pooled, perSymbol: reports.map((r) => ({ evaluation: r.evaluation, dataRange: r.metadata.dataRange, ensembleWeights: r.metadata.ensembleWeights, epochsRun: r.metadata.epochsRun, backend: r.metadata.backend })) });
  console.log(`wrote ${file}`);
}

function poolAll(es: EvaluationReport[]) {
  const n = es.reduce((s, e) => s + e.range.n, 0);
  const hits = es.reduce((s, e) => s + Math.round(e.model.directionAccuracy * e.range.n), 0);
  const w = (f: (e: EvaluationReport) => number) => es.reduce((s, e) => s + f(e) * e.range.n, 0) / n;
  return {
    n,
    accuracy: hits / n,
    ci: wilsonInterval(hits, n),
    baseline: w((e) => e.baselines.direction.accuracy),
    mape: w((e) => e.model.mape),
    persistMape: w((e) => e.baselines.persistence.mape),
    meanConfidence: w((e) => e.model.meanConfidence),
    beatDirection: es.filter((e) => e.skill.direction > 0).length,
    beatMape: es.filter((e) => e.skill.mape > 0).length,
  };
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

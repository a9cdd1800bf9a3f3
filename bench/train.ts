/**
 * bench:train — training time per symbol (default and quick, in-process, one at a time), then
 * all symbols with both cores (two worker threads), with backend, epochs and peak RSS.
 * Targets on the 2-core wasm machine: default ≤ 20 s, quick ≤ 5 s, all 13 ≤ 3 min, RSS ≤ 1.5 GB.
 *   npx tsx bench/train.ts [--symbols=NVDA,SPY] [--workers=2] [--skip-sequential] [--backend=tensorflow|wasm|cpu]
 * Also reports the GRU member's mean time per epoch (the backend matters most there).
 */
import { disposeEnsemble, trainInWorker, trainModel } from '../domain/engine/index.js';
import { args, loadBars, peakRssMb, pool, secs, table, writeResult } from './lib.js';

const TRAINED_AT = '2025-07-01T00:00:00.000Z';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const meanAfterFirst = (xs: number[]) => Math.round(xs.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, xs.length - 1));

async function main(): Promise<void> {
  const { symbols, flags } = args();
  const workers = Number(flags.workers ?? 2);
  const backend = flags.backend;
  const sequential: Record<string, string | number>[] = [];
  if (!flags['skip-sequential']) {
    for (const symbol of symbols) {
      const bars = await loadBars(symbol);
      const row: Record<string, string | number> = { symbol, bars: bars.length };
      for (const quick of [false, true]) {
        // Wall and CPU time (this process, all threads) per epoch: CPU time is steadier on a busy machine.
        const epochMs: number[] = [];
        const epochCpuMs: number[] = [];
        let last = performance.now();
        let lastCpu = cpuMs();
        const t0 = last;
        const onEpoch = () => {
          const now = performance.now();
          const cpu = cpuMs();
          epochMs.push(now - last);
          epochCpuMs.push(cpu - lastCpu);
          last = now;
          lastCpu = cpu;
        };
        const model = await trainModel({ bars, symbol, quick, backend, trainedAt: TRAINED_AT, log: () => {}, onEpoch });
        const ms = performance.now() - t0;
        disposeEnsemble(model);
        const m = model.metadata;
        row.backend = m.backend;
        row.trainSessions = m.dataRange.train.n;
        row[quick ? 'quickS' : 'defaultS'] = +secs(ms);
        row[quick ? 'quickEpochs' : 'defaultEpochs'] = `${m.epochsRun}/${m.hyperParameters.maxEpochs}`;
        // The first epoch also pays the backend's warm-up (kernel compilation, allocation).
        if (!quick) {
          row.msPerEpoch = meanAfterFirst(epochMs);
          row.cpuMsPerEpoch = meanAfterFirst(epochCpuMs);
        }
      }
      sequential.push(row);
      console.log(`${symbol} on ${row.backend}: default ${row.defaultS}s (${row.defaultEpochs} epochs, ${row.msPerEpoch} ms/epoch wall, ${row.cpuMsPerEpoch} CPU), quick ${row.quickS}s (${row.quickEpochs})`);
    }
  }
  const allBars = new Map(await Promise.all(symbols.map(async (symbol) => [symbol, await loadBars(symbol)] as const)));
  const t0 = performance.now();
  const parallel = await pool(symbols, workers, async (symbol) => {
    const s0 = performance.now();
    const bars = allBars.get(symbol);
    if (!bars) throw new Error(`no bars loaded for ${symbol}`);
    const r = await trainInWorker({ bars, symbol, backend, trainedAt: TRAINED_AT, log: () => {} });
    return { symbol, seconds: +secs(performance.now() - s0), epochs: r.metadata.epochsRun, backend: r.metadata.backend };
  });
  const allSeconds = +secs(performance.now() - t0);
  const rss = peakRssMb();

  if (sequential.length) console.log(`\nOne symbol at a time, in-process:\n${table(sequential)}`);
  console.log(`\nAll ${symbols.length} with ${workers} worker threads: ${allSeconds}s wall; peak RSS ${rss} MB`);
  console.log(table(parallel));
  const maxDefault = Math.max(...sequential.map((r) => Number(r.defaultS)));
  const maxQuick = Math.max(...sequential.map((r) => Number(r.quickS)));
  const targets = {
    defaultMaxS: { value: maxDefault, target: 20, ok: maxDefault <= 20 },
    quickMaxS: { value: maxQuick, target: 5, ok: maxQuick <= 5 },
    allSymbolsS: { value: allSeconds, target: 180, ok: allSeconds <= 180 },
    peakRssMb: { value: rss, target: 1536, ok: rss <= 1536 },
  };
  console.log('\nTargets:', Object.entries(targets).map(([k, v]) => `${k} ${v.value} (≤ ${v.target}) ${v.ok ? 'ok' : 'MISSED'}`).join('; '));
  const file = writeResult(backend ? `train-${backend}` : 'train', { backend: backend ?? 'auto', sequential, parallel: { workers, wallSeconds: allSeconds, perSymbol: parallel }, peakRssMb: rss, targets });
  console.log(`\nwrote ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * bench:torch — the GRU member's training speed beside PyTorch on the same data. Exports the
 * member's real training windows (one symbol: up to 1,500 train + 250 validation windows of
 * lookback × 16 features) and its seeded initial weights, then runs, interleaved, `--pairs`
 * times: PyTorch (bench/python/torch_gru.py in a project-local venv, `--threads` threads), the
 * per-step tfjs member (`fitGru`, the old loop) on each tfjs backend that loads (tfjs-node's
 * `tensorflow`, `wasm`), and the fast member (`fitGruFast`, what trainModel uses) with its
 * WebAssembly SIMD products and with the JavaScript ones, each for `--epochs` epochs without
 * early stopping. Reports per-epoch CPU and wall time, each member's ratio to PyTorch (median
 * and range over pairs; the first epoch of a run is warm-up and left out) and the loss parity,
 * and writes bench/results/torch.json.
 *   npx tsx bench/torch.ts [--symbol=SPY] [--pairs=5] [--epochs=5] [--threads=1] [--backends=tensorflow,wasm]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selectBackend, type BackendName } from '../domain/engine/backend.js';
import { DEFAULT_SPLIT } from '../domain/engine/dataset.js';
import { buildGru, fitGru, type GruConfig, type GruFitOptions, type GruFitResult } from '../domain/engine/members/gru.js';
import { fitGruFast } from '../domain/engine/members/gru-fast.js';
import { DEFAULT_HYPER, DEFAULT_SEED } from '../domain/engine/train.js';
import { trainingData, type TrainingData } from '../domain/engine/training-data.js';
import { ensureTorchVenv } from './torch-venv.js';
import { args, loadBars, median, table, writeResult } from './lib.js';

interface EpochTime {
  epoch: number;
  loss: number;
  valLoss: number;
  cpuMs: number;
  wallMs: number;
}

/** A member's run: the per-step loop on one tfjs backend, or the fast trainer with one kind of products. */
interface MemberRunner {
  name: string;
  run(data: TrainingData, c: GruConfig, epochs: number): Promise<EpochTime[]>;
}

async function main(): Promise<void> {
  const { flags } = args();
  const symbol = flags.symbol ?? 'SPY';
  const pairs = positive(flags.pairs ?? '5', 'pairs');
  const epochs = positive(flags.epochs ?? '5', 'epochs');
  const threads = positive(flags.threads ?? '1', 'threads');
  const python = ensureTorchVenv();
  const backends = await loadableBackends((flags.backends ?? 'tensorflow,wasm').split(','));
  const members: MemberRunner[] = [
    ...backends.map((backend) => ({ name: `perStep-${backend}`, run: perStepOn(backend) })),
    { name: 'fast', run: (d: TrainingData, c: GruConfig, e: number) => runMember(fitGruFast, d, c, e) },
    { name: 'fast-jsProducts', run: (d: TrainingData, c: GruConfig, e: number) => runMember((m, cc, o) => fitGruFast(m, cc, o, { products: 'js' }), d, c, e) },
  ];
  const data = trainingData({ bars: await loadBars(symbol), symbol, split: DEFAULT_SPLIT });
  const config: GruConfig = { lookback: DEFAULT_SPLIT.lookback, features: data.features, units: DEFAULT_HYPER.gruUnits, seed: DEFAULT_SEED };
  const dir = exportWindows(data, config);
  console.log(`${symbol}: ${data.gruTrain.y.length} train + ${data.gruVal.y.length} validation windows of ${config.lookback}×${config.features}; per-step member on ${backends.join(', ')}; ${pairs} pairs × ${epochs} epochs, ${threads} thread(s)`);
  const names = ['torch', ...members.map((m) => m.name)];
  const runs: Record<string, EpochTime[][]> = Object.fromEntries(names.map((n) => [n, []]));
  let torchVersion = '';
  const runsOf = (r: string): EpochTime[][] => runs[r] ?? [];
  try {
    for (let pair = 1; pair <= pairs; pair++) {
      const t = runTorch(python, dir, epochs, threads);
      torchVersion = t.version;
      runsOf('torch').push(t.epochs);
      for (const m of members) runsOf(m.name).push(await m.run(data, config, epochs));
      const med = (r: string) => median(steady(nth(runsOf(r), pair - 1, `${r} run`)).map((e) => e.cpuMs)).toFixed(1);
      console.log(`pair ${pair}: CPU ms/epoch ${names.map((r) => `${r} ${med(r)}`).join(', ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const perRunner = (r: string) => {
    const cpu = runsOf(r).map((run) => median(steady(run).map((e) => e.cpuMs)));
    const wall = runsOf(r).map((run) => median(steady(run).map((e) => e.wallMs)));
    return { cpuMsPerEpoch: summary(cpu), wallMsPerEpoch: summary(wall), perPairCpuMs: cpu.map(round1), perPairWallMs: wall.map(round1) };
  };
  const ratios = (r: string, key: 'cpuMs' | 'wallMs') =>
    summary(runsOf(r).map((run, i) => median(steady(run).map((e) => e[key])) / median(steady(nth(runsOf('torch'), i, 'torch run')).map((e) => e[key]))));
  const finalLoss = (r: string) => ({ loss: median(runsOf(r).map((run) => nth(run, -1, `${r} epoch`).loss)), valLoss: median(runsOf(r).map((run) => nth(run, -1, `${r} epoch`).valLoss)) });
  const parity = (r: string) => {
    const a = finalLoss(r);
    const b = finalLoss('torch');
    return { loss: a.loss, valLoss: a.valLoss, lossVsTorch: a.loss / b.loss - 1, valLossVsTorch: a.valLoss / b.valLoss - 1 };
  };
  // The fast member against the per-step loop it replaces (the first backend's), epoch by epoch.
  const reference = members[0]?.name.startsWith('perStep') ? members[0].name : undefined;
  const maxLossGap = reference ? Math.max(...runsOf('fast').flatMap((run, i) => run.map((e, j) => Math.abs(e.loss - nth(nth(runsOf(reference), i, 'per-step run'), j, 'per-step epoch').loss)))) : Number.NaN;
  const fastCpu = ratios('fast', 'cpuMs');
  const memberNames = members.map((m) => m.name);
  const timings = new Map(names.map((r) => [r, perRunner(r)]));
  const result = {
    symbol,
    windows: { train: data.gruTrain.y.length, validation: data.gruVal.y.length, lookback: config.lookback, features: config.features },
    network: { units: config.units, batchSize: DEFAULT_HYPER.batchSize, learningRate: DEFAULT_HYPER.learningRate, loss: 'huber(delta 1)', seed: config.seed },
    torch: { version: torchVersion, threads, note: 'torch.nn.GRU (reset gate after the recurrent matmul, sigmoid gates) from the member\'s initial weights; the member is the Keras-1 GRU tfjs saves (reset before, hard sigmoid)' },
    perStepBackends: backends,
    pairs,
    epochs,
    timing: Object.fromEntries(timings),
    ratioToTorch: {
      ...Object.fromEntries(memberNames.map((r) => [r, { cpu: ratios(r, 'cpuMs'), wall: ratios(r, 'wallMs') }])),
      target: { fastCpuMedian: 1.5, ok: fastCpu.median <= 1.5 },
    },
    lossParity: { torch: finalLoss('torch'), ...Object.fromEntries(memberNames.map((r) => [r, parity(r)])), maxEpochLossGapFastVsPerStep: maxLossGap, perStepReference: reference },
    runs,
  };
  const rows = [...timings].map(([r, t]) => {
    const ratio = r === 'torch' ? undefined : ratios(r, 'cpuMs');
    return {
      runner: r,
      'CPU ms/epoch': `${t.cpuMsPerEpoch.median.toFixed(1)} [${t.cpuMsPerEpoch.min.toFixed(1)}–${t.cpuMsPerEpoch.max.toFixed(1)}]`,
      'wall ms/epoch': t.wallMsPerEpoch.median.toFixed(1),
      'CPU ratio to torch': ratio ? `${ratio.median.toFixed(2)}× [${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}]` : '1',
      'final loss': finalLoss(r).loss.toFixed(4),
      'final val loss': finalLoss(r).valLoss.toFixed(4),
    };
  });
  console.log(`\n${table(rows)}`);
  console.log(`\nfast vs ${reference ?? 'per-step (not run)'}: largest per-epoch training-loss gap ${maxLossGap.toExponential(2)}; target fast ≤ 1.5× torch CPU: ${result.ratioToTorch.target.ok ? 'ok' : 'MISSED'}`);
  console.log(`wrote ${writeResult('torch', result)}`);
}

/** Writes x/y of both parts as raw float32 and meta.json (shapes, hyper-parameters, initial weights). */
function exportWindows(data: TrainingData, c: GruConfig): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-bench-torch-'));
  const raw = (name: string, a: Float32Array) => writeFileSync(path.join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  raw('x-train.f32', data.gruTrain.x);
  raw('y-train.f32', data.gruTrain.y);
  raw('x-val.f32', data.gruVal.x);
  raw('y-val.f32', data.gruVal.y);
  const model = buildGru(c);
  const [kernel, recurrentKernel, bias, denseKernel, denseBias] = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  const meta = {
    lookback: c.lookback,
    features: c.features,
    units: c.units,
    train: data.gruTrain.y.length,
    validation: data.gruVal.y.length,
    batchSize: DEFAULT_HYPER.batchSize,
    learningRate: DEFAULT_HYPER.learningRate,
    init: { kernel, recurrentKernel, bias, denseKernel, denseBias },
  };
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
  return dir;
}

function runTorch(python: string, dir: string, epochs: number, threads: number): { version: string; epochs: EpochTime[] } {
  const script = path.join(import.meta.dirname, 'python', 'torch_gru.py');
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const r = spawnSync(python, [script, '--data', dir, '--epochs', String(epochs), '--threads', String(threads), '--seed', String(DEFAULT_SEED)], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${script} failed (${r.error?.message ?? `exit ${r.status}`})`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Partial<EpochTime> & { torch?: string });
  const out = lines.filter((l): l is EpochTime => typeof l.epoch === 'number');
  if (out.length !== epochs) throw new Error(`${script} reported ${out.length} epochs, expected ${epochs}:\n${r.stdout}`);
  return { version: lines.find((l) => l.torch)?.torch ?? 'unknown', epochs: out };
}

type Fit = (model: ReturnType<typeof buildGru>, c: GruConfig, o: GruFitOptions) => Promise<GruFitResult>;

/** The backends of `wanted` that activate here (tfjs-node only where `npm run setup:native` installed it), in that order. */
async function loadableBackends(wanted: string[]): Promise<BackendName[]> {
  const out: BackendName[] = [];
  for (const name of wanted) {
    try {
      out.push(await selectBackend({ backend: name, log: () => {} }));
    } catch (err) {
      console.log(`per-step member: backend ${name} not measured (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return out;
}

/** The per-step member on `backend` (activated before each run, so runs on different backends interleave). */
function perStepOn(backend: BackendName): MemberRunner['run'] {
  return async (data, c, epochs) => {
    await selectBackend({ backend, log: () => {} });
    return runMember(fitGru, data, c, epochs);
  };
}

async function runMember(fit: Fit, data: TrainingData, c: GruConfig, epochs: number): Promise<EpochTime[]> {
  const model = buildGru(c);
  const out: EpochTime[] = [];
  let cpu0 = process.cpuUsage();
  let wall0 = performance.now();
  try {
    await fit(model, c, {
      x: data.gruTrain.x,
      y: data.gruTrain.y,
      xVal: data.gruVal.x,
      yVal: data.gruVal.y,
      epochs,
      batchSize: DEFAULT_HYPER.batchSize,
      learningRate: DEFAULT_HYPER.learningRate,
      patience: epochs + 1,
      seed: c.seed,
      symbol: 'bench',
      onEpoch: (p) => {
        const cpu = process.cpuUsage(cpu0);
        out.push({ epoch: p.epoch, loss: p.loss, valLoss: p.valLoss, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall0 });
        cpu0 = process.cpuUsage();
        wall0 = performance.now();
      },
    });
  } finally {
    model.dispose();
  }
  return out;
}

/** Epochs after the first (JIT and allocator warm-up), or all when there is only one. */
/** `items.at(i)`, or an error naming what is missing (runs are paired, so a miss is a bug). */
function nth<T>(items: readonly T[], i: number, what: string): T {
  const item = items.at(i);
  if (item === undefined) throw new RangeError(`no ${what} at index ${i} of ${items.length}`);
  return item;
}

const steady = (run: EpochTime[]) => (run.length > 1 ? run.slice(1) : run);

const round1 = (x: number) => Math.round(x * 10) / 10;
const summary = (xs: number[]) => ({ median: round3(median(xs)), min: round3(Math.min(...xs)), max: round3(Math.max(...xs)) });
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function positive(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${v}"`);
  return n;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * `npm run bench:cli`: how fast `stockflow` starts. Runs `stockflow --help` and `stockflow status`
 * (13 symbols, a price cache and a history database, Temporal refused at once) as real
 * processes through bin/stockflow.js, interleaved with a bare `node -e 0` (the floor on this
 * machine): the compiled route (dist/, compiled first as `npm ci` does) and the
 * tsx route (STOCKFLOW_CLI_FROM_SOURCE=1). Wall time per run, and CPU time (user + system of the
 * process and its children, from /proc/self/stat, 10 ms resolution). Targets on a quiet machine:
 * `--help` ≤ 0.3 s, `status` ≤ 1 s (compiled, median wall). Flags: --runs=N (default 10),
 * --skip-build (dist/ is known to be current).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SYMBOLS } from '../common/constants.js';
import { HistoryStore, historyFile } from '../domain/history/index.js';
import { args, median, PRICES_DIR, table, writeResult } from './lib.js';

const ROOT = path.join(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stockflow.js');
const TARGETS_S: Record<string, number> = { '--help': 0.3, status: 1 };

interface Case {
  name: string;
  argv: string[];
  env: Record<string, string>;
}

interface Sample {
  wallMs: number;
  cpuMs: number | null;
}

const { flags } = args();
const runs = Number(flags.runs ?? 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs=${flags.runs}: give a whole number ≥ 1`);

if (flags['skip-build'] !== 'true') buildCompiled();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-bench-cli-'));
HistoryStore.open({ file: historyFile(dataDir) }).close();
const baseEnv: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  STOCKFLOW_DATA_DIR: dataDir,
  STOCKFLOW_PRICE_SOURCE: `csv:${PRICES_DIR}`,
  STOCKFLOW_SYMBOLS: DEFAULT_SYMBOLS.join(','),
  TEMPORAL_ADDRESS: '127.0.0.1:1',
};
const tsxEnv = { ...baseEnv, STOCKFLOW_CLI_FROM_SOURCE: '1' };
const cases: Case[] = [
  { name: 'node -e 0 (floor)', argv: ['-e', '0'], env: baseEnv },
  { name: 'compiled --help', argv: [BIN, '--help'], env: baseEnv },
  { name: 'compiled status', argv: [BIN, 'status'], env: baseEnv },
  { name: 'tsx --help', argv: [BIN, '--help'], env: tsxEnv },
  { name: 'tsx status', argv: [BIN, 'status'], env: tsxEnv },
];

const loadBefore = os.loadavg().map((l) => +l.toFixed(2));
const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
for (let i = 0; i < runs; i++) {
  for (const c of cases) samples.get(c.name)!.push(measure(c));
}

const rows = cases.map((c) => {
  const s = samples.get(c.name)!;
  const wall = s.map((x) => x.wallMs);
  const cpu = s.flatMap((x) => (x.cpuMs === null ? [] : [x.cpuMs]));
  return {
    case: c.name,
    runs: s.length,
    'wall p50 s': secs(median(wall)),
    'wall min s': secs(Math.min(...wall)),
    'wall max s': secs(Math.max(...wall)),
    'cpu p50 s': cpu.length ? secs(median(cpu)) : 'n/a',
  };
});
const verdicts = Object.entries(TARGETS_S).map(([command, limit]) => {
  const wall = median(samples.get(`compiled ${command}`)!.map((x) => x.wallMs)) / 1000;
  const cpu = samples.get(`compiled ${command}`)!.flatMap((x) => (x.cpuMs === null ? [] : [x.cpuMs]));
  const cpuS = cpu.length ? +(median(cpu) / 1000).toFixed(3) : null;
  // On a busy machine wall time is mostly waiting for a core; CPU time is what a quiet one would see.
  return { command, targetS: limit, wallP50S: +wall.toFixed(3), cpuP50S: cpuS, met: wall <= limit, cpuWithinTarget: cpuS === null ? null : cpuS <= limit };
});
const loadAfter = os.loadavg().map((l) => +l.toFixed(2));

console.log(table(rows));
for (const v of verdicts) {
  console.log(`${v.command}: median ${v.wallP50S} s wall, ${v.cpuP50S ?? 'n/a'} s CPU — target ≤ ${v.targetS} s ${v.met ? 'met' : 'NOT met'} (wall)${v.cpuWithinTarget === null ? '' : `, CPU ${v.cpuWithinTarget ? 'within' : 'over'} it`}`);
}
console.log(`load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')} on ${os.cpus().length} CPUs`);
const file = writeResult('cli', {
  runs,
  loadAvgBefore: loadBefore,
  cases: cases.map((c) => ({ name: c.name, argv: c.argv.map((a) => path.relative(ROOT, a) || a), samples: samples.get(c.name) })),
  summary: rows,
  targets: verdicts,
});
console.log(`written to ${file}`);
rmSync(dataDir, { recursive: true, force: true });

function measure(c: Case): Sample {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, c.argv, { cwd: ROOT, env: c.env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (result.status !== 0) throw new Error(`${c.name} exited ${result.status ?? result.signal}: ${result.stderr}`);
  return { wallMs: +wallMs.toFixed(1), cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

/** User + system CPU of this process's waited-for children (Linux /proc), or null elsewhere. */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; cutime and cstime are 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Compiles dist/ (scripts/prepare.mjs, as `npm ci` does) so the compiled route is current. */
function buildCompiled(): void {
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'prepare.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building dist/ failed');
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

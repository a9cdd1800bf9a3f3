/**
 * `npm run cluster [-- --workers N] [--run-dir DIR] [--keep]`: a production-shaped stockflow on
 * this machine — PostgreSQL, a real Temporal server built from the pinned Go module, N worker
 * processes, the API and the schedules. Builds the server first when it is not cached (≥ 10
 * min once). Prints what it started; Ctrl-C stops everything. The run directory (a temporary
 * one unless --run-dir) is removed at exit unless --keep or --run-dir was given.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from './cluster.js';

interface Args {
  workers: number;
  runDir?: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { workers: 2, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--workers') {
      const raw = value();
      args.workers = Number(raw);
      if (!/^\d+$/.test(raw) || args.workers < 1 || args.workers > 16) throw new Error(`--workers ${raw}: a whole number from 1 to 16`);
    } else if (flag === '--run-dir') args.runDir = path.resolve(value());
    else if (flag === '--keep') args.keep = true;
    else throw new Error(`unknown argument ${flag}; usage: npm run cluster -- [--workers N] [--run-dir DIR] [--keep]`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  execFileSync('bash', [path.join(import.meta.dirname, 'build-temporal-server.sh')], { stdio: 'inherit' });
  const runDir = args.runDir ?? mkdtempSync(path.join(os.tmpdir(), 'stockflow-cluster-'));
  const cluster = await startCluster({ runDir, workers: args.workers, log: (line) => console.log(`cluster: ${line}`) });
  console.log('');
  for (const line of cluster.describe()) console.log(line);
  console.log(`\nenvironment for more stockflow processes: ${Object.entries(cluster.stockflowEnv).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  console.log('running. Ctrl-C stops everything.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('cluster: stopping the API, the workers, the Temporal server and PostgreSQL …');
  await cluster.stop();
  if (!args.keep && !args.runDir) rmSync(runDir, { recursive: true, force: true });
  else console.log(`cluster: state kept in ${runDir}`);
  console.log('cluster: stopped');
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(`cluster: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

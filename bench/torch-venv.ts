/**
 * The project-local Python venv bench:torch runs PyTorch in: `.tools/venv-torch` (gitignored;
 * STOCKFLOW_TORCH_VENV overrides). Created on first use with `python3 -m venv` and the pinned
 * bench/python/requirements.txt: CPU-only wheels from STOCKFLOW_TORCH_INDEX_URL (default
 * PyTorch's CPU index) when that index answers, else the default package index (whose Linux
 * torch also pulls the CUDA runtime packages: larger, same CPU code).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const REQUIREMENTS = path.join(import.meta.dirname, 'python', 'requirements.txt');
const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

export function venvDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(ROOT, env.STOCKFLOW_TORCH_VENV ?? path.join('.tools', 'venv-torch'));
}

/** The venv's python, after making sure torch imports; installs what is missing. */
export function ensureTorchVenv(log: (m: string) => void = console.log): string {
  const dir = venvDir();
  const python = path.join(dir, 'bin', 'python');
  if (existsSync(python) && importsTorch(python)) return python;
  const system = process.env.PYTHON ?? 'python3';
  if (!existsSync(python)) {
    log(`creating ${dir} with ${system} -m venv`);
    const made = spawnSync(system, ['-m', 'venv', dir], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error(`${system} -m venv ${dir} failed (${made.error?.message ?? `exit ${made.status}`}); install Python ≥ 3.10 with venv, or set PYTHON`);
  }
  const pip = (extra: string[]) => spawnSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '-r', REQUIREMENTS, ...extra], { stdio: 'inherit' }).status === 0;
  const index = process.env.STOCKFLOW_TORCH_INDEX_URL ?? CPU_INDEX;
  log(`installing ${path.relative(ROOT, REQUIREMENTS)} into ${dir} (trying ${index} first)`);
  if (!(pip(['--index-url', index, '--timeout', '20', '--retries', '0']) && importsTorch(python))) {
    log(`${index} did not serve it; using the default package index`);
    if (!pip([]) || !importsTorch(python)) throw new Error(`could not install torch into ${dir}; see pip's output above`);
  }
  return python;
}

function importsTorch(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

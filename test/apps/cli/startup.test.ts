import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.js';
import { scaled } from '../../helpers/timeouts.js';
import { runCli } from './helpers.js';

/**
 * What makes `stockflow` start at once: help and usage errors load neither the Temporal client
 * nor tfjs nor SQLite (each command module imports them inside its run), and bin/stockflow.js
 * runs the compiled dist/ only while it is newer than every compiled source — never a stale build.
 */
describe('stockflow start-up', () => {
  const RECORDER = pathToFileURL(path.join(import.meta.dirname, 'fixtures', 'record-imports.mjs')).href;
  const HEAVY = ['@temporalio/client', '@temporalio/worker', '@tensorflow/', 'better-sqlite3'];
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The module URLs one CLI run resolved (its tsx child included: NODE_OPTIONS is inherited). */
  async function importsOf(args: string[], env: Record<string, string> = {}): Promise<{ code: number; modules: string[] }> {
    const dir = tempDir('stockflow-cli-imports-');
    const log = path.join(dir, 'imports.log');
    writeFileSync(log, '');
    const run = await runCli(args, { TEMPORAL_ADDRESS: '127.0.0.1:1', STOCKFLOW_DATA_DIR: dir, NODE_OPTIONS: `--import ${RECORDER}`, STOCKFLOW_IMPORT_LOG: log, ...env });
    return { code: run.code, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  }

  it.each([
    ['--help', ['--help'], 0],
    ['a command\'s --help', ['train', '--help'], 0],
    ['a group\'s subcommand --help', ['schedules', 'pause', '--help'], 0],
    ['an unknown option', ['train', 'SPY', '--epochs', '5'], 2],
    ['a bad symbol', ['predict', 'S P Y'], 2],
  ])('%s loads no Temporal client, tfjs or SQLite', async (_what, args, exitCode) => {
    const { code, modules } = await importsOf(args as string[], { STOCKFLOW_CLI_FROM_SOURCE: '1' });
    expect(code).toBe(exitCode);
    // The recorder saw the CLI itself, so an empty list cannot pass by accident.
    expect(modules.some((m) => /apps\/cli\/lib\/run\.(ts|js)$/.test(m))).toBe(true);
    expect(modules.filter((m) => HEAVY.some((h) => m.includes(`/node_modules/${h}`)))).toEqual([]);
  });

  it('a command that reaches Temporal does load the client (the recorder sees lazy imports); one facing a stopped server does not', async () => {
    const reached = await importsOf(['schedules', 'list', '--json'], { STOCKFLOW_CLI_FROM_SOURCE: '1', TEMPORAL_ADDRESS: inject('temporalAddress') });
    expect(reached.code).toBe(0);
    expect(reached.modules.some((m) => m.includes('/node_modules/@temporalio/client/'))).toBe(true);
    // Refused at the TCP probe, before the client is imported.
    const refused = await importsOf(['schedules', 'list'], { STOCKFLOW_CLI_FROM_SOURCE: '1' });
    expect(refused.code).toBe(3);
    expect(refused.modules.filter((m) => m.includes('/node_modules/@temporalio/client/'))).toEqual([]);
  });

  describe('bin/stockflow.js picks compiled or source', () => {
    /** A copy of the bin in a miniature project whose "compiled" and "source" CLIs say which ran. */
    function miniProject() {
      const root = tempDir('stockflow-cli-bin-');
      mkdirSync(path.join(root, 'bin'));
      copyFileSync(path.join(REPO_ROOT, 'bin', 'stockflow.js'), path.join(root, 'bin', 'stockflow.js'));
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
      for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) writeFileSync(path.join(root, f), '{"type":"module"}\n');
      mkdirSync(path.join(root, 'dist', 'apps', 'cli'), { recursive: true });
      mkdirSync(path.join(root, 'apps', 'cli'), { recursive: true });
      mkdirSync(path.join(root, 'domain', 'engine'), { recursive: true });
      mkdirSync(path.join(root, 'test'));
      const compiled = path.join(root, 'dist', 'apps', 'cli', 'main.js');
      writeFileSync(compiled, 'console.log(`compiled ${process.argv.slice(2).join(" ")}`);\n');
      writeFileSync(path.join(root, 'apps', 'cli', 'main.ts'), 'const route: string = "source"; console.log(`${route} ${process.argv.slice(2).join(" ")}`);\n');
      const deep = path.join(root, 'domain', 'engine', 'member.ts');
      writeFileSync(deep, 'export const x = 1;\n');
      const testFile = path.join(root, 'test', 'x.test.ts');
      writeFileSync(testFile, 'export {};\n');
      const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
      const base = Math.floor(Date.now() / 1000) - 3600;
      for (const f of [path.join(root, 'apps', 'cli', 'main.ts'), deep, testFile, ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => path.join(root, f))]) at(f, base);
      at(compiled, base + 10);
      const run = async (env: Record<string, string> = {}) => {
        const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'bin', 'stockflow.js'), 'status', '--json'], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
          timeout: scaled(60_000),
        });
        return stdout.trim();
      };
      return { root, compiled, deep, testFile, at, base, run };
    }

    it('runs dist/ while it is newer than every source, the sources once one is edited, and never counts tests', async () => {
      const p = miniProject();
      expect(await p.run()).toBe('compiled status --json');
      p.at(p.testFile, p.base + 20); // tests and benchmarks are not compiled into dist/
      expect(await p.run()).toBe('compiled status --json');
      p.at(p.deep, p.base + 20); // a source deep in the tree, edited after the build
      expect(await p.run()).toBe('source status --json');
      p.at(p.compiled, p.base + 30); // rebuilt
      expect(await p.run()).toBe('compiled status --json');
      p.at(path.join(p.root, 'tsconfig.json'), p.base + 40); // compiler settings changed
      expect(await p.run()).toBe('source status --json');
    });

    it('runs the sources when there is no build, or when STOCKFLOW_CLI_FROM_SOURCE=1', async () => {
      const p = miniProject();
      expect(await p.run({ STOCKFLOW_CLI_FROM_SOURCE: '1' })).toBe('source status --json');
      rmSync(path.join(p.root, 'dist'), { recursive: true });
      expect(await p.run()).toBe('source status --json');
    });
  });
});

/**
 * One real Temporal dev server for the whole test run (free port, temporary SQLite file),
 * and the workflow bundle built once. Tests read both through test/helpers/temporal.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../../client/target/dev-server.js';
import { buildWorkflowBundle } from '../../worker/workflow-bundle.js';

let server: DevServer | undefined;
let tmpDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  tmpDir = mkdtempSync(path.join(os.tmpdir(), 'stockflow-test-temporal-'));
  server = await startDevServer({
    dbFile: path.join(tmpDir, 'temporal.sqlite'),
    uiPort: false,
    logFile: path.join(tmpDir, 'server.log'),
  });
  const bundlePath = path.join(tmpDir, 'workflow-bundle.js');
  try {
    writeFileSync(bundlePath, await buildWorkflowBundle());
  } catch (err) {
    await server.stop();
    throw err;
  }
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server?.stop();
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

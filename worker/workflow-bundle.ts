import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from '../client/target/temporal-binary.js';

/** Workflow sources (bundled from TypeScript, also when the worker itself runs from dist/). */
export const WORKFLOWS_ENTRY = path.join(PROJECT_ROOT, 'workflows', 'index.ts');

/** Bundles workflows/ once (webpack); production writes it to dist/, tests to a temp file. */
export async function buildWorkflowBundle(): Promise<string> {
  const silent = () => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_ENTRY,
    logger: { info: silent, warn: console.warn, error: console.error, debug: silent, trace: silent, log: silent } as never,
  });
  return code;
}

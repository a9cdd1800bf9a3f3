import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/** Lints `code` as if it were a file in workflows/ and returns the rule ids that fired. */
async function lintWorkflow(code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, 'workflows', 'lint-probe.ts') });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the workflow sandbox lint rule', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /no-restricted-imports.*no Node built-ins/],
    ["import path from 'path';\nexport const x = path;", /no-restricted-imports.*no Node built-ins/],
    ["import * as tf from '@tensorflow/tfjs';\nexport const x = tf;", /no-restricted-imports.*activities/],
    ["import YahooFinance from 'yahoo-finance2';\nexport const x = YahooFinance;", /no-restricted-imports/],
    ["import { Context } from '@temporalio/activity';\nexport const x = Context;", /no-restricted-imports.*@temporalio\/workflow/],
    ["import { Client } from '@temporalio/client';\nexport const x = Client;", /no-restricted-imports/],
    ["import { createActivities } from '../activities/index.js';\nexport const x = createActivities;", /no-restricted-imports.*only types from activities/],
    ["import { PriceCache } from '../domain/prices/index.js';\nexport const x = PriceCache;", /no-restricted-imports.*only types/],
    ["import { trainModel } from '../domain/engine/train.js';\nexport const x = trainModel;", /no-restricted-imports.*only types/],
    ["import { sha256 } from '../common/node/sha256.js';\nexport const x = sha256;", /no-restricted-imports.*common\/node\/ holds Node-only helpers/],
    ['export const x = process.env.HOME;', /no-restricted-globals.*process/],
  ])('refuses %j', async (code, expected) => {
    expect((await lintWorkflow(code)).join('\n')).toMatch(expected);
  });

  it('allows the workflow API, shared constants and activity types', async () => {
    const code = [
      "import { proxyActivities, sleep } from '@temporalio/workflow';",
      "import type { Activities } from '../activities/index.js';",
      "import { workflowIds } from '../common/constants.js';",
      "import { isTradingDay } from '../domain/market-hours/index.js';",
      "import { isIsoDate } from '../common/iso-date.js';",
      'const a = proxyActivities<Activities>({ startToCloseTimeout: 1000 });',
      'export async function probe(): Promise<unknown> { await sleep(1); return [a, workflowIds, isTradingDay, isIsoDate]; }',
    ].join('\n');
    expect(await lintWorkflow(code)).toEqual([]);
  });
});

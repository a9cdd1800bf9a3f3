/**
 * Temporal-native filtering (issue 13 item 4): every per-symbol workflow carries the `Symbol`
 * search attribute from its start and its reason (then its outcome) in the memo, so the real
 * `temporal` CLI's `workflow list --query "Symbol='SPY'"` on the test server returns SPY's
 * retrains and backtests, and no other symbol's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { startPipeline, startRetrainSymbol } from '../../client/index.js';
import { resolveTemporalCli } from '../../client/target/index.js';
import { workflowIds } from '../../common/constants.js';
import { symbolVisibilityQuery } from '../../common/search-attributes.js';
import type { RetrainSymbolInput } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { eventually } from '../helpers/eventually.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';
import { scaled } from '../helpers/timeouts.js';

interface ListedRun {
  workflowId: string;
  runId: string;
  type: string;
  symbol: unknown;
  memo: Record<string, unknown>;
}

/** A payload as the CLI prints it (base64 JSON), decoded. */
function decode(payload: { data?: string } | undefined): unknown {
  return payload?.data === undefined ? undefined : JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
}

/** `temporal workflow list --query "Symbol='X'" -o json` on the shared test server. */
async function listBySymbol(symbol: string): Promise<ListedRun[]> {
  const { stdout } = await promisify(execFile)(resolveTemporalCli(), [
    'workflow', 'list', '--address', inject('temporalAddress'), '--namespace', 'default', '--query', symbolVisibilityQuery(symbol), '-o', 'json',
  ]);
  const runs = JSON.parse(stdout.trim() || '[]') as Array<{
    execution: { workflowId: string; runId: string }; type: { name: string };
    memo?: { fields?: Record<string, unknown> }; searchAttributes?: { indexedFields?: Record<string, { data?: string }> };
  }>;
  return runs.map((r) => ({
    workflowId: r.execution.workflowId,
    runId: r.execution.runId,
    type: r.type.name,
    symbol: decode(r.searchAttributes?.indexedFields?.Symbol),
    // The CLI prints memo fields decoded, search attributes as payloads.
    memo: r.memo?.fields ?? {},
  }));
}

/** Other test files retrain SPY on the same server (id retrain-SPY): wait for theirs to end, then start ours. */
async function startWhenFree(client: Client, input: RetrainSymbolInput, taskQueue: string) {
  const started = await eventually(async () => {
    const attempt = await startRetrainSymbol(client, input, { taskQueue });
    if (attempt.status === 'already-running') await client.workflow.getHandle(attempt.workflowId).result().catch(() => undefined);
    return attempt;
  }, (attempt) => attempt.status === 'started', { timeoutMs: scaled(600_000), what: `a free retrain-${input.symbol}` });
  if (started.status !== 'started') throw new Error('unreachable: eventually returned a refused start');
  return started.handle;
}

describe('the Symbol search attribute and the retrain memo', () => {
  it("temporal workflow list --query \"Symbol='SPY'\" returns SPY's retrain (reason and outcome in the memo) and backtest, not another symbol's child retrain", async () => {
    const dataDir = tempDir('stockflow-search-attribute-');
    await withWorkers(testDeps({ dataDir, symbols: ['SPY'] }), async ({ client, taskQueue }) => {
      const retrain = await startWhenFree(client, { symbol: 'SPY', reason: 'test: search attribute', quick: true, force: true }, taskQueue);
      const result = await retrain.result();
      // A backtest is per symbol too: one of a version that does not exist fails at once, and is listed under SPY all the same.
      const backtest = await startPipeline(client, 'backtestModel', { symbol: 'SPY', version: 9999 }, { taskQueue, runKey: `sa-${taskQueue}` });
      expect(await backtest.result().then(() => 'completed', (err: Error) => err.name)).toBe('WorkflowFailedError');
      // A batch's child retrain of a ticker no source has: it fails at its price refresh, and says so in its memo.
      const batch = await startPipeline(client, 'trainSymbols', { symbols: ['NOSUCH.SA'], quick: true }, { taskQueue, runKey: `sa-${taskQueue}` });
      expect(await batch.result().then(() => 'completed', (err: Error) => err.name)).toBe('WorkflowFailedError');
      const child = await client.workflow.getHandle(workflowIds.retrainSymbol('NOSUCH.SA')).describe();

      const spy = await eventually(() => listBySymbol('SPY'), (runs) => runs.some((r) => r.runId === retrain.firstExecutionRunId && r.memo.outcome !== undefined)
        && runs.some((r) => r.runId === backtest.firstExecutionRunId), { what: "SPY's retrain and backtest in the visibility list" });
      // Everything the query returns is SPY's (other files may have retrained SPY too), nothing of NOSUCH.SA.
      expect(new Set(spy.map((r) => r.symbol))).toEqual(new Set(['SPY']));
      expect(spy.map((r) => r.runId)).not.toContain(child.runId);
      expect(spy.find((r) => r.runId === retrain.firstExecutionRunId)).toMatchObject({
        workflowId: 'retrain-SPY', type: 'retrainSymbol',
        memo: {
          symbol: 'SPY', reason: 'test: search attribute', quick: true,
          outcome: result.promoted ? 'promoted' : 'kept', detail: result.decision,
          challengerVersion: result.challengerVersion, championAfter: result.championAfter,
        },
      });
      expect(spy.find((r) => r.runId === backtest.firstExecutionRunId)).toMatchObject({ workflowId: backtest.workflowId, type: 'backtestModel' });

      const other = await eventually(() => listBySymbol('NOSUCH.SA'), (runs) => runs.some((r) => r.runId === child.runId && r.memo.outcome !== undefined), { what: "NOSUCH.SA's child retrain in the visibility list" });
      expect(other).toHaveLength(1);
      expect(other[0]).toMatchObject({ symbol: 'NOSUCH.SA', type: 'retrainSymbol', memo: { symbol: 'NOSUCH.SA', reason: 'manual quick train', quick: true, outcome: 'failed' } });
      expect(other[0]!.memo.detail).toMatch(/NOSUCH\.SA/);
    });
  }, scaled(900_000));
});

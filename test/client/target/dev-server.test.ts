import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../client/target/dev-server.js';
import { resolveTemporalCli, TemporalCliNotFoundError } from '../../../client/target/temporal-binary.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('embedded dev server', () => {
  it('keeps workflow state in its SQLite file across a restart', async () => {
    const dir = tempDir('stockflow-devserver-');
    const dbFile = path.join(dir, 'state.sqlite');
    const workflowId = `persisted-${Date.now()}`;

    const first = await startDevServer({ dbFile, uiPort: false });
    try {
      const connection = await Connection.connect({ address: first.address });
      const client = new Client({ connection });
      // A workflow type no worker serves: the server still records and lists the execution.
      const handle = await client.workflow.start('noWorkerForThis', { taskQueue: 'nobody', workflowId, args: [] });
      await handle.terminate('finished by the test');
      await connection.close();
    } finally {
      await first.stop();
    }

    const second = await startDevServer({ dbFile, uiPort: false });
    try {
      const connection = await Connection.connect({ address: second.address });
      const client = new Client({ connection });
      const description = await client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('TERMINATED');
      const listed: string[] = [];
      for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) listed.push(wf.workflowId);
      expect(listed).toEqual([workflowId]);
      await connection.close();
    } finally {
      await second.stop();
    }
  });

  it('explains what to do when the temporal binary cannot be found', () => {
    expect(() => resolveTemporalCli('/nonexistent/temporal')).toThrow(TemporalCliNotFoundError);
    expect(() => resolveTemporalCli('/nonexistent/temporal')).toThrow(/npm run setup.*TEMPORAL_CLI_PATH.*TEMPORAL_ADDRESS/s);
  });
});

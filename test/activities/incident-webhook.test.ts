/**
 * The reconcileIncidents activity against a real local HTTP receiver: the webhook is posted
 * when incidents open or resolve, never for one that is merely still open; a failing
 * receiver is reported in the result.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMonitoringActivities } from '../../activities/monitoring.js';
import type { IncidentCondition } from '../../common/wire/index.js';
import { testDeps } from '../helpers/deps.js';
import { recordingServer } from '../helpers/recording-server.js';
import { tempDir } from '../helpers/temp-dir.js';

type Payload = { text: string; blocks: Array<{ text: { text: string } }> };

const breach: IncidentCondition = {
  symbol: 'SPY', rule: 'api', severity: 'warning', message: 'prediction API failed for SPY: HTTP 500', advice: 'read the API log; restart it',
};
const scope = { symbols: ['SPY'], system: true };

describe('reconcileIncidents activity', () => {
  it('posts once when an incident opens, not while it stays open, and once when it resolves', async () => {
    const hook = await recordingServer<Payload>();
    afterAll(() => hook.close());
    const deps = testDeps({ dataDir: tempDir('stockflow-incident-hook-'), webhookUrl: hook.url });
    const { reconcileIncidents } = createMonitoringActivities(deps);

    const results = [];
    for (let i = 0; i < 5; i++) results.push(await reconcileIncidents({ conditions: [breach], scope }));
    const id = results[0]?.opened[0];
    expect(results.map((r) => [r.opened, r.updated, r.resolved, r.webhookStatus])).toEqual([
      [[id], [], [], 200], [[], [id], [], null], [[], [id], [], null], [[], [id], [], null], [[], [id], [], null],
    ]);
    expect(hook.bodies).toHaveLength(1);
    expect(hook.bodies[0]?.text).toBe('stockflow: 1 incident opened');
    expect(hook.bodies[0]?.blocks[1]?.text.text).toBe(`:warning: *opened* #${id} SPY · api: prediction API failed for SPY: HTTP 500\n*What to do:* read the API log; restart it`);
    expect(deps.history.getIncident(id!)).toMatchObject({ status: 'open', occurrences: 5 });

    const cleared = await reconcileIncidents({ conditions: [], scope });
    expect(cleared).toEqual({ opened: [], updated: [], resolved: [id], webhookStatus: 200 });
    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies[1]?.text).toBe('stockflow: 1 resolved');
    expect(hook.bodies[1]?.blocks[1]?.text.text).toMatch(new RegExp(`^:white_check_mark: \\*resolved\\* #${id} SPY · api: .* \\(seen 5× from \\S+ to \\S+\\)$`));

    // Nothing changed: no POST at all.
    expect((await reconcileIncidents({ conditions: [], scope })).webhookStatus).toBeNull();
    expect(hook.bodies).toHaveLength(2);
  });

  it('reports a receiver answering an error, and one that cannot be reached, without failing or losing the incidents', async () => {
    const hook = await recordingServer<Payload>();
    hook.status = 500;
    const deps = testDeps({ dataDir: tempDir('stockflow-incident-hook-fail-'), webhookUrl: hook.url });
    const { reconcileIncidents } = createMonitoringActivities(deps);

    const failed = await reconcileIncidents({ conditions: [breach], scope });
    expect(failed).toMatchObject({ webhookStatus: 500, webhookError: 'webhook answered HTTP 500' });
    expect(hook.bodies).toHaveLength(1);

    await hook.close();
    const unreachable = await reconcileIncidents({ conditions: [], scope });
    expect(unreachable.resolved).toEqual(failed.opened);
    expect(unreachable.webhookStatus).toBeNull();
    expect(unreachable.webhookError).toMatch(/^webhook POST failed: /);
    expect(deps.history.incidents().map((i) => i.status)).toEqual(['resolved']);
  });
});

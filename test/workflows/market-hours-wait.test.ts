import { describe, expect, it } from 'vitest';
import { retrainProgress, startRetrainSymbol } from '../../client';
import { testDeps } from '../helpers/deps';
import { writeAliasedPrices } from '../helpers/price-files';
import { tempDir } from '../helpers/temp-dir';
import { withWorkers } from '../helpers/temporal';

describe('retrainSymbol and market hours (injected as-of clock)', () => {
  it('waits durably until the session closes when asked during market hours, then proceeds', async () => {
    const dataDir = tempDir('stockflow-market-hours-');
    // Tuesday 2026-11-24, 15:59:57 New York: three seconds before the close.
    const pricesDir = writeAliasedPrices(`${dataDir}/source`, { 'NVDA.MH': 'NVDA' });
    const deps = testDeps({ dataDir, pricesDir, symbols: ['NVDA.MH'], avoidMarketHours: true, afterCloseDelayMs: 0, now: () => new Date('2026-11-24T20:59:57Z') });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'NVDA.MH', reason: 'test: during market hours', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      let waiting;
      for (let i = 0; i < 100 && !waiting; i++) {
        const p = await retrainProgress(client, run.handle.workflowId).catch(() => undefined);
        if (p?.stage === 'waiting-for-market-close') waiting = p;
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(waiting).toMatchObject({ stage: 'waiting-for-market-close', waitingUntil: '2026-11-24T21:00:00.000Z' });

      const result = await run.handle.result();
      expect(result.waitedForMarketCloseMs).toBe(3000);
      const history = await run.handle.fetchHistory();
      const timers = (history.events ?? []).filter((e) => e.timerStartedEventAttributes);
      expect(timers).toHaveLength(1);
      expect(Number(timers[0].timerStartedEventAttributes!.startToFireTimeout!.seconds)).toBe(3);
      // The training activity was scheduled only after the timer fired.
      const firedAt = (history.events ?? []).findIndex((e) => e.timerFiredEventAttributes);
      const trainingAt = (history.events ?? []).findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainChallenger');
      expect(firedAt).toBeGreaterThan(0);
      expect(trainingAt).toBeGreaterThan(firedAt);
    });
  });

  it('does not wait outside the session, nor with force', async () => {
    const dataDir = tempDir('stockflow-market-hours-closed-');
    const pricesDir = writeAliasedPrices(`${dataDir}/source`, { 'SMCI.MH': 'SMCI', 'SMCI.MF': 'SMCI' });
    const deps = testDeps({ dataDir, pricesDir, symbols: ['SMCI.MH'], avoidMarketHours: true, now: () => new Date('2026-11-26T15:00:00Z') }); // Thanksgiving
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'SMCI.MH', reason: 'test: holiday', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      expect((await run.handle.result()).waitedForMarketCloseMs).toBe(0);
    });
    const open = testDeps({ dataDir: tempDir('stockflow-market-hours-force-'), pricesDir, symbols: ['SMCI.MF'], avoidMarketHours: true, now: () => new Date('2026-11-24T15:00:00Z') });
    await withWorkers(open, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'SMCI.MF', reason: 'test: forced', quick: true, force: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      expect((await run.handle.result()).waitedForMarketCloseMs).toBe(0);
    });
  });
});

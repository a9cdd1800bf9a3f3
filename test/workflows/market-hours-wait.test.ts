import { describe, expect, it } from 'vitest';
import { retrainProgress, startRetrainSymbol } from '../../client/index.js';
import { testDeps } from '../helpers/deps.js';
import { eventually } from '../helpers/eventually.js';
import { writeAliasedPrices } from '../helpers/price-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withWorkers } from '../helpers/temporal.js';

describe('retrainSymbol and market hours (injected as-of clock)', () => {
  // Nothing here depends on hitting a wall-clock window: the short wait is proven from the
  // workflow's history, the long one is observed through a query while it certainly lasts.
  it('waits in a durable timer until the session closes, then trains', async () => {
    const dataDir = tempDir('stockflow-market-hours-');
    // Tuesday 2026-11-24, 15:59:57 New York: three seconds before the close.
    const pricesDir = writeAliasedPrices(`${dataDir}/source`, { 'NVDA.MH': 'NVDA' });
    const deps = testDeps({ dataDir, pricesDir, symbols: ['NVDA.MH'], avoidMarketHours: true, afterCloseDelayMs: 0, now: () => new Date('2026-11-24T20:59:57Z') });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'NVDA.MH', reason: 'test: during market hours', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      const result = await run.handle.result();
      expect(result.waitedForMarketCloseMs).toBe(3000);
      expect(result.promoted).toBe(true);
      const events = (await run.handle.fetchHistory()).events ?? [];
      const timers = events.filter((e) => e.timerStartedEventAttributes);
      expect(timers).toHaveLength(1);
      expect(Number(timers[0]?.timerStartedEventAttributes!.startToFireTimeout!.seconds)).toBe(3);
      // The training activity was scheduled only after the timer fired.
      const firedAt = events.findIndex((e) => e.timerFiredEventAttributes);
      const trainingAt = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainChallenger');
      expect(firedAt).toBeGreaterThan(0);
      expect(trainingAt).toBeGreaterThan(firedAt);
    });
  });

  it('while it waits, progress says until when, and nothing is trained before the timer fires', async () => {
    const dataDir = tempDir('stockflow-market-hours-waiting-');
    // Tuesday 2026-11-24, 15:00 New York: an hour before the close, a window no busy machine misses.
    const pricesDir = writeAliasedPrices(`${dataDir}/source`, { 'NVDA.MW': 'NVDA' });
    const deps = testDeps({ dataDir, pricesDir, symbols: ['NVDA.MW'], avoidMarketHours: true, afterCloseDelayMs: 0, now: () => new Date('2026-11-24T20:00:00Z') });
    await withWorkers(deps, async ({ client, taskQueue }) => {
      const run = await startRetrainSymbol(client, { symbol: 'NVDA.MW', reason: 'test: an hour before the close', quick: true }, { taskQueue });
      if (run.status !== 'started') throw new Error('not started');
      try {
        // A query before the first workflow task completes fails: that is "not yet".
        const waiting = await eventually(
          () => retrainProgress(client, run.handle.workflowId).catch(() => undefined),
          (p) => p?.stage === 'waiting-for-market-close',
          { what: 'the retrain to report waiting-for-market-close' },
        );
        expect(waiting).toMatchObject({ stage: 'waiting-for-market-close', waitingUntil: '2026-11-24T21:00:00.000Z' });
        const events = (await run.handle.fetchHistory()).events ?? [];
        const timers = events.filter((e) => e.timerStartedEventAttributes);
        expect(timers.map((e) => Number(e.timerStartedEventAttributes!.startToFireTimeout!.seconds))).toEqual([3600]);
        expect(events.some((e) => e.timerFiredEventAttributes)).toBe(false);
        expect(events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainChallenger')).toBe(false);
        expect(deps.registry.listVersions('NVDA.MW')).toEqual([]);
      } finally {
        await run.handle.terminate('test: the wait was observed');
      }
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

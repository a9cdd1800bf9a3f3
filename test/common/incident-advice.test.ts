/**
 * The advice the reconcileIncidents activity builds for monitorAll's prose-free conditions: each
 * rule's text, the parts that depend on what the run did (retrains started, running, refused), and
 * advice already given is kept.
 */
import { describe, expect, it } from 'vitest';
import { withAdvice } from '../../common/incident-advice.js';
import type { IncidentAdviceContext, IncidentConditionInput } from '../../common/wire/index.js';

const nothingDone: IncidentAdviceContext = { retrainsStarted: [], retrainsAlreadyRunning: [], retrainsRefused: [] };
const condition = (rule: string, symbol: string | null, details: Record<string, unknown> = {}): IncidentConditionInput =>
  ({ symbol, rule, severity: 'warning', message: `${symbol ?? 'system'} ${rule}`, details });

function adviceOf(c: IncidentConditionInput, context = nothingDone, others: IncidentConditionInput[] = []): string {
  return withAdvice([...others, c], context).at(-1)!.advice;
}

describe('incident advice built from the condition', () => {
  it('names the symbol and cause for each rule', () => {
    expect(adviceOf(condition('no-champion', 'AAPL', { retrainPolicy: 'allowed' }))).toBe('Train one with `stockflow train AAPL`; if the gate refuses it, the decision says why (`stockflow status`).');
    expect(adviceOf(condition('no-champion', 'AAPL', { retrainPolicy: 'no-skill' }))).toMatch(/^Every recent challenger was refused by the gate .*honest answer for AAPL/);
    expect(adviceOf(condition('api', 'MSFT', { status: 404, baseUrl: 'http://x' }))).toMatch(/^The API has no forecast for MSFT: /);
    expect(adviceOf(condition('api', 'MSFT', { status: 500, baseUrl: 'http://x' }))).toBe('The API failed serving MSFT (HTTP 500): read the API process log for the error.');
    expect(adviceOf(condition('api', 'MSFT', { status: null, baseUrl: 'http://api:3000' }))).toMatch(/^The API at http:\/\/api:3000 did not answer/);
    expect(adviceOf(condition('api', 'MSFT', { status: 401, baseUrl: 'http://x' }))).toMatch(/refused the token/);
    expect(adviceOf(condition('freshness', 'MSFT', { state: 'failing' }))).toMatch(/^Check the price source/);
    expect(adviceOf(condition('freshness', 'MSFT', { state: 'stale' }))).toMatch(/^The source has no newer sessions/);
    expect(adviceOf(condition('health', null))).toMatch(/^On the worker's host free disk space/);
    expect(adviceOf(condition('model-age', 'NVDA'))).toMatch(/`stockflow train NVDA` retrains it now\.$/);
    expect(adviceOf(condition('skill-trend', 'NVDA'))).toMatch(/no retrain starts for a trend alone/);
  });

  it('says what the run did about a breach: started, already running, refused, or nothing', () => {
    const breach = condition('error-vs-persistence', 'TSLA');
    expect(adviceOf(breach, { ...nothingDone, retrainsStarted: ['TSLA'] })).toMatch(/^A retrain was started \(workflow retrain-TSLA\)/);
    expect(adviceOf(breach, { ...nothingDone, retrainsAlreadyRunning: ['TSLA'] })).toMatch(/^A retrain of TSLA is already running/);
    expect(adviceOf(breach, { ...nothingDone, retrainsRefused: [{ symbol: 'TSLA', reason: 'cooldown until Monday' }] })).toBe('No automatic retrain: cooldown until Monday. `stockflow train TSLA` retrains by hand.');
    expect(adviceOf(breach)).toMatch(/^Check the live metrics against persistence/);
    expect(adviceOf(condition('absolute-threshold', 'TSLA'), { ...nothingDone, retrainsStarted: ['TSLA'] })).toMatch(/^A retrain was started .* This is a configured absolute threshold/);
    expect(adviceOf(condition('integrity', 'TSLA'), { ...nothingDone, retrainsStarted: ['TSLA'] })).toMatch(/A retrain was started \(retrain-TSLA\): it restores/);
    expect(adviceOf(condition('integrity', 'TSLA'))).toMatch(/The next retrain restores the newest intact version first by itself\.$/);
  });

  it('no-skill mentions the naive baselines only when the same run found no champion', () => {
    const noSkill = condition('no-skill', 'AMD', { consecutiveRefusals: 3 });
    expect(adviceOf(noSkill)).toMatch(/^The gate refused 3 challengers in a row: on this data no model beats the champion\. /);
    expect(adviceOf(noSkill, nothingDone, [condition('no-champion', 'AMD', { retrainPolicy: 'no-skill' })])).toMatch(/beats the champion or the naive baselines\. /);
    expect(adviceOf(noSkill, nothingDone, [condition('no-champion', 'OTHER', {})])).not.toMatch(/naive baselines/);
  });

  it('keeps advice a caller already gave', () => {
    expect(adviceOf({ ...condition('api', 'MSFT', { status: 500 }), advice: 'custom' })).toBe('custom');
  });
});

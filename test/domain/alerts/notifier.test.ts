/** The webhook channel behind the IncidentNotifier interface: what it sends, and each outcome. */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../common/wire/index.js';
import { isNotable, type IncidentNotifier } from '../../../domain/alerts/notifier.js';
import { webhookNotifier } from '../../../domain/alerts/webhook.js';
import { at } from '../../helpers/at.js';

const incident = { id: 7, symbol: 'SPY', rule: 'stale-data', severity: 'warning', message: 'SPY is 3 sessions behind', advice: 'check the source' } as unknown as Incident;
const change = { opened: [incident], resolved: [] };

function fakeFetch(answer: () => Response) {
  const calls: Array<{ url: string; body: unknown }> = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, body: JSON.parse(String(init?.body)) });
    return answer();
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('webhookNotifier', () => {
  it('POSTs the incident message to the URL and reports the 2xx status without an error', async () => {
    const { calls, fetchImpl } = fakeFetch(() => new Response('ok', { status: 200 }));
    const notifier: IncidentNotifier = webhookNotifier('http://hooks.test/x', fetchImpl);
    expect(notifier.channel).toBe('webhook');
    expect(await notifier.notify(change)).toEqual({ status: 200 });
    expect(calls).toHaveLength(1);
    expect(at(calls, 0).url).toBe('http://hooks.test/x');
    expect(at(calls, 0).body).toMatchObject({ text: 'stockflow: 1 incident opened' });
  });

  it('a non-2xx answer is an outcome with its status and an error, not a throw', async () => {
    const { fetchImpl } = fakeFetch(() => new Response('no', { status: 500 }));
    expect(await webhookNotifier('http://hooks.test/x', fetchImpl).notify(change)).toEqual({ status: 500, error: 'webhook answered HTTP 500' });
  });

  it('a network error is an outcome without a status', async () => {
    const fetchImpl = (async () => { throw new TypeError('fetch failed'); }) as unknown as typeof fetch;
    expect(await webhookNotifier('http://hooks.test/x', fetchImpl).notify(change)).toEqual({ status: null, error: 'webhook POST failed: fetch failed' });
  });
});

describe('isNotable', () => {
  it('only an opened or resolved incident is worth a notification', () => {
    expect(isNotable(change)).toBe(true);
    expect(isNotable({ opened: [], resolved: [incident] })).toBe(true);
    expect(isNotable({ opened: [], resolved: [] })).toBe(false);
  });
});

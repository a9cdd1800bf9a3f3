/**
 * The webhook alert channel (an IncidentNotifier): the Slack-compatible incoming-webhook message
 * monitoring sends when incidents open or resolve (never for an incident that is merely still
 * open), and the POST that sends it.
 */
import type { Incident, IncidentSeverity } from '../../common/wire/index.js';
import type { IncidentChange, IncidentNotifier } from './notifier.js';

export type { IncidentChange } from './notifier.js';

const ICON: Record<IncidentSeverity, string> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };

/** The webhook channel: POSTs incidentPayload(change); a non-2xx answer or a network error is its outcome's `error`. */
export function webhookNotifier(url: string, fetchImpl: typeof fetch = fetch): IncidentNotifier {
  return {
    channel: 'webhook',
    async notify(change) {
      try {
        const status = await postWebhook(url, incidentPayload(change), fetchImpl);
        return status >= 200 && status < 300 ? { status } : { status, error: `webhook answered HTTP ${status}` };
      } catch (err) {
        return { status: null, error: `webhook POST failed: ${(err as Error).message}` };
      }
    },
  };
}

const subject = (i: Incident) => `${i.symbol ?? 'system'} · ${i.rule}`;

/** `text` (the notification line) plus one block per opened incident (with its advice) and per resolved one. */
export function incidentPayload(change: IncidentChange, source = 'stockflow'): { text: string; blocks: unknown[] } {
  const counts = [
    change.opened.length ? `${change.opened.length} incident${change.opened.length === 1 ? '' : 's'} opened` : null,
    change.resolved.length ? `${change.resolved.length} resolved` : null,
  ].filter((x) => x !== null);
  const text = `${source}: ${counts.join(', ') || 'no incident changes'}`;
  const section = (markdown: string) => ({ type: 'section', text: { type: 'mrkdwn', text: markdown } });
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text } },
      ...change.opened.map((i) => section(`${ICON[i.severity]} *opened* #${i.id} ${subject(i)}: ${i.message}\n*What to do:* ${i.advice}`)),
      ...change.resolved.map((i) => section(
        `:white_check_mark: *resolved* #${i.id} ${subject(i)}: ${i.message} (seen ${i.occurrences}× from ${i.firstSeen} to ${i.lastSeen})`,
      )),
    ],
  };
}

/** POSTs a payload to a webhook; returns the HTTP status. Throws on network errors and timeouts (10 s). */
export async function postWebhook(url: string, payload: unknown, fetchImpl: typeof fetch = fetch): Promise<number> {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(10_000),
  });
  // Drain the body so the connection is released.
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

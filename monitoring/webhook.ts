import type { AlertInput } from '../common/wire';

const ICON: Record<AlertInput['severity'], string> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };

/** Slack-compatible incoming-webhook payload (`text` plus one block per alert). */
export function slackPayload(alerts: readonly AlertInput[], source = 'stockflow'): { text: string; blocks: unknown[] } {
  const text = `${source}: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`;
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text } },
      ...alerts.map((a) => ({ type: 'section', text: { type: 'mrkdwn', text: `${ICON[a.severity]} *${a.kind}*${a.symbol ? ` ${a.symbol}` : ''}: ${a.message}` } })),
    ],
  };
}

/** POSTs alerts to a webhook; returns the HTTP status. Throws on network errors (the caller retries). */
export async function postWebhook(url: string, alerts: readonly AlertInput[], fetchImpl: typeof fetch = fetch): Promise<number> {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(slackPayload(alerts)),
    signal: AbortSignal.timeout(10_000),
  });
  return response.status;
}

/**
 * The notifier interface of alert channels: monitoring hands each configured channel the
 * incidents that opened or resolved in one run. A channel never throws for a failed delivery;
 * it says what happened, and the caller reports it (a failed notification is not retried: the
 * incidents are stored, and a retry would count the run's occurrences twice).
 * One implementation today: webhook.ts (Slack-compatible incoming webhook).
 */
import type { Incident } from '../../common/wire/index.js';

export interface IncidentChange {
  opened: readonly Incident[];
  resolved: readonly Incident[];
}

export interface NotificationOutcome {
  /** The channel's own status (an HTTP status for a webhook); null when nothing was answered. */
  status: number | null;
  /** Set when the notification did not get through (a non-2xx answer, a network error). */
  error?: string;
}

export interface IncidentNotifier {
  /** The channel's kind, for messages ("webhook"). */
  readonly channel: string;
  notify(change: IncidentChange): Promise<NotificationOutcome>;
}

/** true when a change is worth a notification: an incident opened or resolved (never "still open"). */
export function isNotable(change: IncidentChange): boolean {
  return change.opened.length > 0 || change.resolved.length > 0;
}

/**
 * Measures a workflow run's Temporal history: its event count and its largest payload (activity
 * inputs and results, child inputs and results, the workflow's input and result), following
 * every child workflow it started. The scale test asserts these against Temporal's limits.
 */
import type { Client } from '@temporalio/client';

export interface HistorySize {
  workflowId: string;
  events: number;
  /** Largest payload set of one event, in bytes, and which event it was. */
  largestPayloadBytes: number;
  largestPayloadEvent: string;
}

/** Bytes of every `payloads` list found in an event (data plus metadata). */
function payloadBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (ArrayBuffer.isView(value)) return 0;
  let total = 0;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.payloads)) {
    for (const p of record.payloads as { data?: Uint8Array | null; metadata?: Record<string, Uint8Array> | null }[]) {
      total += p.data?.length ?? 0;
      for (const [k, v] of Object.entries(p.metadata ?? {})) total += k.length + (v?.length ?? 0);
    }
    return total;
  }
  for (const v of Object.values(record)) total += payloadBytes(v);
  return total;
}

/** The size of one run and of each child workflow it started (recursively), parent first. */
export async function historySizes(client: Client, workflowId: string, runId?: string): Promise<HistorySize[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  const own: HistorySize = { workflowId, events: events.length, largestPayloadBytes: 0, largestPayloadEvent: '' };
  const children: { workflowId: string; runId?: string }[] = [];
  for (const event of events) {
    const bytes = payloadBytes(event);
    if (bytes > own.largestPayloadBytes) {
      own.largestPayloadBytes = bytes;
      own.largestPayloadEvent = `#${String(event.eventId)} ${String(event.eventType)}`;
    }
    const started = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (started?.workflowId) children.push({ workflowId: started.workflowId, runId: started.runId ?? undefined });
  }
  const nested = await Promise.all(children.map((c) => historySizes(client, c.workflowId, c.runId)));
  return [own, ...nested.flat()];
}

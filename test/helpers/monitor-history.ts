/**
 * What a monitorAll run keeps out of its compact result but in its Temporal history: each
 * symbol's full assessment, the results of its `assessSymbols` activities (one per chunk).
 */
import type { Client } from '@temporalio/client';
import type { SymbolAssessment } from '../../common/wire/index.js';

/** Every symbol's assessment from the run's history, in the order the chunks were scheduled. */
export async function assessmentsInHistory(client: Client, workflowId: string, runId?: string): Promise<SymbolAssessment[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const scheduled = new Map<string, string>();
  const chunks: Array<{ scheduledEventId: number; assessments: SymbolAssessment[] }> = [];
  for (const event of history.events ?? []) {
    const s = event.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(event.eventId), s.activityType?.name ?? '');
    const done = event.activityTaskCompletedEventAttributes;
    if (!done || scheduled.get(String(done.scheduledEventId)) !== 'assessSymbols') continue;
    const payload = done.result?.payloads?.[0];
    if (!payload) throw new Error(`${workflowId}: assessSymbols completed (event ${String(event.eventId)}) without a result`);
    chunks.push({ scheduledEventId: Number(done.scheduledEventId), assessments: client.options.loadedDataConverter.payloadConverter.fromPayload(payload) });
  }
  return chunks.sort((a, b) => a.scheduledEventId - b.scheduledEventId).flatMap((c) => c.assessments);
}

/**
 * The action routes and the live workflows, in zod: request bodies (strict JSON objects; every
 * field optional with its default), path parameters and answers. Like every schema here they
 * validate, type the handlers, serialise and describe the routes in /openapi.json.
 */
import { z } from 'zod';
import { SCHEDULE_NAMES } from '../../../schedules/index.js';
import { quoteInput } from '../errors.js';
import { instant } from './responses.js';

const note = z.string().max(200).meta({ description: 'why, for the schedule\'s note (Temporal keeps it)' });

/** `POST /models/:symbol/retrain`. */
export const retrainBody = z.strictObject({
  quick: z.boolean().default(false).meta({ description: 'quick training (fewer epochs) instead of the full recipe' }),
  force: z.boolean().default(false).meta({ description: 'train during market hours too, instead of waiting for the close' }),
}).meta({ id: 'RetrainRequest' });

export const retrainStarted = z.object({
  symbol: z.string(),
  status: z.enum(['started', 'already-running']).meta({ description: 'already-running: a retrain of this symbol was going; none was added' }),
  workflowId: z.string(),
  runId: z.string().nullable(),
  quick: z.boolean(),
  link: z.string().nullable().meta({ description: 'the run in the Temporal Web UI' }),
}).meta({ id: 'RetrainStarted' });

/** `POST /incidents/:id/acknowledge`. */
export const incidentParams = z.strictObject({
  id: z.string().regex(/^\d{1,12}$/, { error: (issue) => `${quoteInput(String(issue.input), 40)} is not an incident id (a whole number, e.g. 12)` })
    .transform(Number).meta({ description: 'incident id', example: '12' }),
});
export const emptyBody = z.strictObject({}).meta({ description: 'an empty JSON object' });
export const acknowledged = z.object({
  id: z.number().int(),
  acknowledged: z.literal(true),
  alreadyAcknowledged: z.boolean().meta({ description: 'it had been acknowledged before this request' }),
}).meta({ id: 'Acknowledged' });

/** `POST /schedules/:id/{pause,unpause,trigger}`. */
export const scheduleParams = z.strictObject({
  id: z.string().refine((s) => (SCHEDULE_NAMES as string[]).includes(s), {
    error: (issue) => `${quoteInput(String(issue.input), 40)} is not one of our schedules (${SCHEDULE_NAMES.join(', ')})`,
  }).meta({ description: 'schedule id', example: 'weekly-training' }),
});
export const pauseBody = z.strictObject({ note: note.optional() });
export const scheduleChanged = z.object({
  scheduleId: z.string(),
  paused: z.boolean(),
}).meta({ id: 'ScheduleChanged' });
export const scheduleTriggered = z.object({
  scheduleId: z.string(),
  triggered: z.boolean().meta({ description: 'false: a run of it was still going, so none was added (overlap SKIP)' }),
  alreadyRunning: z.array(z.string()),
}).meta({ id: 'ScheduleTriggered' });

/** `GET /workflows`: the retrains running now. */
export const runningWorkflow = z.object({
  symbol: z.string(),
  workflowId: z.string(),
  runId: z.string().nullable(),
  type: z.literal('retrainSymbol'),
  stage: z.string().meta({ description: 'the retrain workflow\'s stage (its retrainStatus query): starting, refreshing-prices, training, …' }),
  quick: z.boolean().nullable(),
  reason: z.string().nullable(),
  epoch: z.number().int().nullable().meta({ description: 'last epoch the training activity reported (heartbeat)' }),
  epochs: z.number().int().nullable(),
  trainingAttempt: z.number().int().nullable(),
  challengerVersion: z.number().int().nullable(),
  waitingUntil: z.string().nullable(),
  error: z.string().nullable(),
  parentWorkflowId: z.string().nullable(),
  link: z.string().nullable().meta({ description: 'the run in the Temporal Web UI' }),
}).meta({ id: 'RunningWorkflow' });

export const runningWorkflows = z.object({
  generatedAt: instant,
  workflows: z.array(runningWorkflow),
  error: z.string().optional().meta({ description: 'why the list is empty: Temporal could not be asked' }),
  temporalUi: z.object({ baseUrl: z.string(), namespace: z.string() }).nullable(),
});

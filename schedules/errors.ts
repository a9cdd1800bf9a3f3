import { StockflowError } from '../common/errors.js';

/** A schedule id that is not one of ours (a typo on the CLI, usually). */
export class UnknownScheduleError extends StockflowError {
  readonly kind = 'invalid';
  constructor(readonly scheduleId: string, readonly knownIds: readonly string[]) {
    super(`unknown schedule "${scheduleId}"; the known schedules are ${knownIds.join(', ')}`);
  }
}

/** One of our schedules that does not exist on the server (never applied, or deleted). */
export class ScheduleNotAppliedError extends StockflowError {
  readonly kind = 'not-found';
  constructor(readonly scheduleId: string, options?: { cause?: unknown }) {
    super(`schedule "${scheduleId}" does not exist on the Temporal server; create it with \`stockflow schedules apply\``, options);
  }
}

import { ConfigError, ERROR_KINDS, type ErrorKind, StockflowError } from '../../../common/errors.js';

/**
 * Exit codes of every command. Scripts may rely on them:
 * 0 ok · 1 the operation failed (a retrain failed, an API check failed) · 2 usage error
 * (unknown command, option or symbol, bad value, invalid configuration) · 3 unavailable
 * (Temporal unreachable, or something it needed was down or busy: try again later) · 4 not
 * found (no model, version, backup, forecast or schedule).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, notFound: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error meant for a person at a terminal: what went wrong and what to do about it,
 * printed as one line `stockflow: <what>. <what to do>` with `exitCode`.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    /** Stable, machine-readable code, e.g. `UNKNOWN_SYMBOL` (in `--json` error output). */
    readonly code: string,
    /** What went wrong (no trailing period). */
    readonly what: string,
    /** What to do about it. */
    readonly todo?: string,
    options?: { cause?: unknown },
  ) {
    super(todo ? `${what}. ${todo}` : what, options);
  }
}

export const usageError = (code: string, what: string, todo: string) => new CliError(EXIT.usage, code, what, todo);

/** The exit code of each error kind (the one mapping; see common/errors.ts). */
export const EXIT_BY_KIND: Readonly<Record<ErrorKind, ExitCode>> = {
  invalid: EXIT.usage,
  'not-found': EXIT.notFound,
  permanent: EXIT.failed,
  unavailable: EXIT.unreachable,
};

/** Temporal SDK errors (not ours, so without a kind) that mean "not found". */
const FOREIGN_NOT_FOUND_TYPES = new Set(['ScheduleNotFoundError', 'WorkflowNotFoundError']);

/**
 * Turns anything thrown by a command into a CliError with the right exit code, keeping the
 * original as `cause`. Workflow failures are judged by their root cause's type.
 */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof ConfigError) {
    return new CliError(EXIT.usage, 'CONFIG_INVALID', trimPeriod(err.message), 'Fix that value and run the command again', { cause: err });
  }
  if (isUnreachable(err)) {
    return new CliError(EXIT.unreachable, 'TEMPORAL_UNREACHABLE', `lost the connection to Temporal (${firstLine(messageOf(err))})`,
      'Check that the Temporal server is running (`npm start`) and run the command again', { cause: err });
  }
  const root = rootCause(err);
  const type = root.type;
  const what = trimPeriod(firstLine(root.message));
  const kind = kindOf(err) ?? (type && FOREIGN_NOT_FOUND_TYPES.has(type) ? 'not-found' : null);
  if (kind === 'not-found') return new CliError(EXIT_BY_KIND[kind], 'NOT_FOUND', what, notFoundHint(type ?? ''), { cause: err });
  if (kind === 'invalid') return new CliError(EXIT_BY_KIND[kind], codeOf(type ?? 'Invalid'), what, 'Check the value and run the command again', { cause: err });
  if (kind === 'unavailable') return new CliError(EXIT_BY_KIND[kind], codeOf(type ?? 'Unavailable'), what || 'a service was unavailable', 'Try again later', { cause: err });
  return new CliError(EXIT.failed, type ? codeOf(type) : 'FAILED', what || 'the operation failed',
    kind !== null || type ? undefined : 'Run again with STOCKFLOW_DEBUG=1 for the stack trace', { cause: err });
}

/**
 * The error kind of anything a command caught: a domain error's own, or — for a Temporal
 * failure — the kind the activity put in its ApplicationFailure's details (activities/failures.ts),
 * from the deepest failure that has one. null: not a domain error.
 */
export function kindOf(err: unknown): ErrorKind | null {
  let found: ErrorKind | null = null;
  let current: unknown = err;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof StockflowError) return current.kind;
    const details = (current as { details?: unknown }).details;
    const kind = Array.isArray(details) ? (details[0] as { kind?: unknown } | undefined)?.kind : undefined;
    if (typeof kind === 'string' && (ERROR_KINDS as readonly string[]).includes(kind)) found = kind as ErrorKind;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** The deepest cause with its type: a domain error's name, or a Temporal ApplicationFailure's `type`. */
export function rootCause(err: unknown): { type?: string; message: string } {
  // Our own errors already say what happened in their words; what they wrap is detail.
  if (err instanceof StockflowError) return { type: err.name, message: err.message };
  let current: unknown = err;
  let best: { type?: string; message: string } = { message: messageOf(err) };
  for (let depth = 0; current && depth < 10; depth++) {
    const e = current as { name?: string; type?: string | null; message?: string; cause?: unknown };
    const type = typeof e.type === 'string' && e.type ? e.type : isDomainName(e.name) ? e.name : undefined;
    if (e.message) best = { type: type ?? best.type, message: e.message };
    if (type) best = { type, message: e.message ?? best.message };
    current = e.cause;
  }
  return best;
}

function isDomainName(name: string | undefined): name is string {
  return !!name && name.endsWith('Error') && !['Error', 'TypeError', 'RangeError', 'WorkflowFailedError', 'ActivityFailure', 'ChildWorkflowFailure', 'ApplicationFailure'].includes(name);
}

function isUnreachable(err: unknown): boolean {
  for (let e = err as { code?: unknown; name?: string; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    // gRPC status 14 = UNAVAILABLE (server gone), 4 = DEADLINE_EXCEEDED on connect.
    if (e.name === 'ServiceError' && (e.code === 14 || (e.cause as { code?: number } | undefined)?.code === 14)) return true;
    if (e.name === 'TransportError') return true;
  }
  return false;
}

function notFoundHint(type: string): string {
  if (type === 'ModelNotFoundError') return 'Train one first with `stockflow train SYMBOL`, or list versions with `stockflow restore SYMBOL --list`';
  if (type === 'ScheduleNotAppliedError') return 'Run `stockflow schedules list` to see which exist';
  if (type === 'ScheduleNotFoundError') return 'Create the schedules with `stockflow schedules apply`';
  return 'Check the name and run the command again';
}

function codeOf(type: string): string {
  return type.replace(/Error$/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase() || 'FAILED';
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim();
}

function trimPeriod(s: string): string {
  return s.replace(/[.\s]+$/, '');
}

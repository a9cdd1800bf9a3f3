/**
 * The one error taxonomy: every domain error has a kind (invalid, not-found, permanent,
 * unavailable), and each face maps the kind once — to a Temporal ApplicationFailure
 * (activities/failures.ts), an HTTP status (apps/api/errors.ts) and a CLI exit code
 * (apps/cli/lib/errors.ts). Each mapping is checked for every kind and every domain error class.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { toActivityFailure } from '../../activities/failures.js';
import { describeDomainError, HTTP_STATUS_BY_KIND } from '../../apps/api/errors.js';
import { EXIT, toCliError } from '../../apps/cli/lib/errors.js';
import { DevServerStartError, TemporalCliNotFoundError } from '../../client/target/index.js';
import {
  ConfigError, DataSourceUnavailableError, type ErrorKind, ERROR_KINDS, InvalidPriceDataError, ModelIntegrityError, NON_RETRYABLE_ERROR_TYPES,
  RateLimitedError, type StockflowError, UnknownSymbolError, UnusableDataSourceError,
} from '../../common/errors.js';
import { BackendUnavailableError, InsufficientHistoryError, RemoteTrainingError, TrainingCancelledError } from '../../domain/engine/index.js';
import { HistoryInputError, HistorySchemaError } from '../../domain/history/index.js';
import { InvalidModelArtifactError, ModelNotFoundError, PromotionMismatchError, RegistryBusyError } from '../../domain/registry/index.js';
import { ScheduleNotAppliedError, UnknownScheduleError } from '../../schedules/index.js';
import { at } from '../helpers/at.js';

/** One instance of every domain error class, with the kind it must have. */
const EVERY_ERROR: Array<[StockflowError, ErrorKind]> = [
  [new ConfigError('priceSource', 'nope', '"yahoo"'), 'invalid'],
  [new UnknownSymbolError('ZZZ', 'csv'), 'invalid'],
  [new HistoryInputError('evaluations', 'n', -1, 'an integer ≥ 0'), 'invalid'],
  [new InvalidModelArtifactError('SPY', 'bad path'), 'invalid'],
  [new UnknownScheduleError('weekly', ['weekly-training']), 'invalid'],
  [new ModelNotFoundError('SPY', 'v9'), 'not-found'],
  [new ScheduleNotAppliedError('monitoring'), 'not-found'],
  [new InvalidPriceDataError('SPY', 'SPY.csv', [{ symbol: 'SPY', date: '2025-01-02', reason: 'close ≤ 0' }]), 'permanent'],
  [new UnusableDataSourceError('yahoo', 'SPY', 'format', 'no quote'), 'permanent'],
  [new UnusableDataSourceError('yahoo', 'SPY', 'access', 'HTTP 403'), 'permanent'],
  [new ModelIntegrityError('/models/SPY/v1', 'checksum mismatch'), 'permanent'],
  [new InsufficientHistoryError('SPY', 10, 300), 'permanent'],
  [new BackendUnavailableError('tensorflow', 'not installed'), 'permanent'],
  [new HistorySchemaError('history.sqlite', 9, 8, 'upgrade'), 'permanent'],
  [new PromotionMismatchError('SPY', 2, 3), 'permanent'],
  [new TemporalCliNotFoundError(['/usr/bin/temporal']), 'permanent'],
  [new DataSourceUnavailableError('yahoo', 'timeout'), 'unavailable'],
  [new RateLimitedError('yahoo'), 'unavailable'],
  [new RegistryBusyError('SPY', '/models/SPY/.lock', 30_000), 'unavailable'],
  [new TrainingCancelledError('SPY', 3), 'unavailable'],
  [new DevServerStartError('port taken'), 'unavailable'],
];

describe('every domain error has a kind', () => {
  it.each(EVERY_ERROR.map(([e, kind]) => [e.name, kind, e] as const))('%s is %s', (_name, kind, err) => {
    expect(err.kind).toBe(kind);
    expect(err.permanent).toBe(kind !== 'unavailable');
  });

  it('the non-retryable type list is exactly the classes whose kind is not unavailable', () => {
    const expected = [...new Set(EVERY_ERROR.filter(([, k]) => k !== 'unavailable').map(([e]) => e.name))].sort();
    expect([...NON_RETRYABLE_ERROR_TYPES].sort()).toEqual(expected);
  });

  it('an error from the training thread keeps its kind; an unexpected one is retried (unavailable)', () => {
    expect(new RemoteTrainingError({ name: 'InsufficientHistoryError', message: 'm', kind: 'permanent', fields: {} }).kind).toBe('permanent');
    expect(new RemoteTrainingError({ name: 'TypeError', message: 'm', fields: {} }).kind).toBe('unavailable');
  });
});

describe('kind → Temporal ApplicationFailure', () => {
  it.each(EVERY_ERROR.map(([e, kind]) => [e.name, kind, e] as const))('%s (%s)', (name, kind, err) => {
    const failure = toActivityFailure(err) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(name);
    expect(failure.nonRetryable).toBe(kind !== 'unavailable');
    expect(failure.details).toEqual([{ kind }]);
    expect(failure.cause).toBe(err);
  });

  it('leaves ApplicationFailures and foreign errors alone', () => {
    const own = ApplicationFailure.create({ type: 'X', message: 'x' });
    expect(toActivityFailure(own)).toBe(own);
    const bug = new TypeError('undefined is not a function');
    expect(toActivityFailure(bug)).toBe(bug);
  });
});

describe('kind → HTTP status', () => {
  const request = { method: 'GET', url: '/predict/SPY', id: 'req-1', routeOptions: { url: '/predict/:symbol' } } as never;
  it('maps each kind to one status', () => {
    expect(HTTP_STATUS_BY_KIND).toEqual({ invalid: 400, 'not-found': 404, permanent: 500, unavailable: 503 });
  });

  it.each(EVERY_ERROR.map(([e, kind]) => [e.name, kind, e] as const))('%s (%s)', (_name, kind, err) => {
    const { status, body } = describeDomainError(err, request);
    expect(status).toBe(HTTP_STATUS_BY_KIND[kind]);
    expect(body.error.code).toMatch(/^[a-z_]+$/);
    // Input problems repeat the message; server-side ones never leak it (paths, SQL).
    if (kind === 'invalid' || kind === 'not-found') expect(body.error.message).toBe(err.message);
    else expect(body.error.message).not.toContain(err.message);
  });

  it('names the error in the code and says what to do about a damaged model', () => {
    expect(describeDomainError(new ModelNotFoundError('SPY', 'v9'), request).body.error.code).toBe('model_not_found');
    expect(describeDomainError(new ModelIntegrityError('/data/models/SPY/v1', 'checksum'), request).body.error.message).toMatch(/restore another version/);
  });
});

describe('kind → CLI exit code', () => {
  const exitOf: Record<ErrorKind, number> = { invalid: EXIT.usage, 'not-found': EXIT.notFound, permanent: EXIT.failed, unavailable: EXIT.unreachable };

  it('every kind has its own exit code', () => {
    expect(new Set(ERROR_KINDS.map((k) => exitOf[k])).size).toBe(ERROR_KINDS.length);
  });

  it.each(EVERY_ERROR.map(([e, kind]) => [e.name, kind, e] as const))('%s (%s) thrown in the CLI', (_name, kind, err) => {
    expect(toCliError(err).exitCode).toBe(exitOf[kind]);
  });

  it.each(EVERY_ERROR.map(([e, kind]) => [e.name, kind, e] as const))('%s (%s) failing a workflow through an activity', (name, kind, err) => {
    // What a client sees: WorkflowFailedError > ActivityFailure > ApplicationFailure (kind in details).
    // The domain error itself does not cross the wire: only the failure's type, message and details.
    const sent = toActivityFailure(err) as ApplicationFailure;
    const received = ApplicationFailure.create({ type: sent.type ?? undefined, message: sent.message, nonRetryable: sent.nonRetryable ?? undefined, details: sent.details as unknown[] });
    const activity = new ActivityFailure('activity failed', 'someActivity', 'a1', RetryState.NON_RETRYABLE_FAILURE, 'worker', received);
    const workflow = new WorkflowFailedError('workflow failed', activity, RetryState.NON_RETRYABLE_FAILURE);
    const cli = toCliError(workflow);
    expect(cli.exitCode).toBe(exitOf[kind]);
    expect(cli.message).toContain(at(err.message.split('\n'), 0).replace(/[.\s]+$/, ''));
    if (kind !== 'not-found') expect(cli.code).toBe(name.replace(/Error$/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
  });

  it('a failure without a kind (a bug, a workflow\'s own failure) is exit 1', () => {
    const workflow = new WorkflowFailedError('workflow failed', ApplicationFailure.create({ type: 'AllSymbolsFailed', message: 'every symbol failed' }), RetryState.NON_RETRYABLE_FAILURE);
    expect(toCliError(workflow).exitCode).toBe(EXIT.failed);
    expect(toCliError(new TypeError('boom')).exitCode).toBe(EXIT.failed);
  });
});

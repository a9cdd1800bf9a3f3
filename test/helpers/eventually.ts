/**
 * Waiting for observable state instead of sleeping: poll a probe until a condition holds, with
 * a deadline from the one scaled timeout setting (test/helpers/timeouts.ts).
 */
import { POLL_TIMEOUT_MS } from './timeouts.js';

export interface EventuallyOptions {
  /** Deadline in ms (default POLL_TIMEOUT_MS, already scaled; pass `scaled(x)` for others). */
  timeoutMs?: number;
  /** Pause between probes in ms (default 250). */
  intervalMs?: number;
  /** Names the condition in the error. */
  what?: string;
}

/**
 * Polls `probe` until `done` accepts its value and returns that value, or fails after the
 * deadline naming the last value. A probe that throws fails at once (catch inside the probe
 * what means "not yet").
 */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? POLL_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${options.what ?? 'condition'} not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}

/**
 * The one timeout setting of the test suite. Every test timeout, hook timeout, process timeout
 * and polling deadline is a base figure (what a quiet 2-core machine needs, with headroom)
 * multiplied by STOCKFLOW_TEST_TIMEOUT_SCALE (default 1; .ci/run sets 3 under CI). A busy
 * machine makes tests slower, never wrong: raise the scale, do not edit the figures.
 * Imported by vitest.config.mts, so it must not import vitest itself.
 */

/** Parses the scale; bad input is an error naming the variable, the value and what is allowed. */
export function parseTimeoutScale(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`STOCKFLOW_TEST_TIMEOUT_SCALE="${raw}": expected a positive number (e.g. 3 on a busy CI machine)`);
  }
  return scale;
}

/** The factor every test timeout is multiplied by. */
export const TIMEOUT_SCALE = parseTimeoutScale(process.env.STOCKFLOW_TEST_TIMEOUT_SCALE);

/** `ms` multiplied by the scale, rounded to whole milliseconds. */
export function scaled(ms: number): number {
  return Math.round(ms * TIMEOUT_SCALE);
}

/** Default per-test timeout (vitest `testTimeout`). */
export const TEST_TIMEOUT_MS = scaled(120_000);
/** Default hook timeout (vitest `hookTimeout`): the CLI and API fixtures train models in beforeAll. */
export const HOOK_TIMEOUT_MS = scaled(180_000);
/** Default deadline of a condition poll (`eventually`, `expect.poll`). */
export const POLL_TIMEOUT_MS = scaled(30_000);

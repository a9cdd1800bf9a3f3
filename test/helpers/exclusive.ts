/**
 * A lock across test files of one run, for state that is global on the shared dev server (the
 * unprefixed schedule ids an operator's `stockflow schedules apply` creates): files run in
 * parallel, so tests that create or read those take the lock instead of tolerating each other.
 */
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { eventually } from './eventually.js';
import { scaled } from './timeouts.js';

/** Global schedule ids (`weekly-training`, …) on the shared test server. */
export const GLOBAL_SCHEDULES_LOCK = 'global-schedules';

/** Runs `fn` while holding the named lock of this test run (a directory created atomically). */
export async function withExclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
  // One lock folder per test run: the dev server's address is unique to it.
  const root = path.join(os.tmpdir(), `stockflow-test-locks-${inject('temporalAddress').replace(/[^0-9A-Za-z]/g, '_')}`);
  mkdirSync(root, { recursive: true });
  const lock = path.join(root, name);
  await eventually(async () => {
    try {
      mkdirSync(lock);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }, (taken) => taken, { timeoutMs: scaled(600_000), intervalMs: 200, what: `lock "${name}"` });
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

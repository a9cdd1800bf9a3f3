/**
 * The worker's native-memory setting. Every retrain trains in a fresh worker thread, and glibc's
 * malloc gives each such thread an arena of its own (up to 8 per core) that keeps the native memory
 * freed in it, so without a limit the worker's resident set grows with every retrain (bench:soak,
 * issue 12 item 4). `MALLOC_ARENA_MAX=2` caps that; glibc reads it once, when the process starts,
 * so it cannot be set from inside: every launcher sets it (the Dockerfile's ENV, `npm start`,
 * `npm run worker`, `stockflow dev` via bin/stockflow.js, the cluster script, bench:soak), and the
 * worker warns at start-up when it runs without it.
 */
export const MALLOC_ARENA_LIMIT = '2';

/** The start-up warning when the process runs on glibc (Linux) without MALLOC_ARENA_MAX, else null. */
export function mallocArenaWarning(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux' || (env.MALLOC_ARENA_MAX ?? '') !== '') return null;
  return `MALLOC_ARENA_MAX is not set: glibc keeps the native memory of each retrain's training thread, so the worker's memory grows with every retrain; start it with MALLOC_ARENA_MAX=${MALLOC_ARENA_LIMIT} in its environment (worker/malloc-arenas.ts)`;
}

/** The worker's start-up warning when glibc's malloc arenas are not capped (issue 12 item 4), and the launchers that cap them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MALLOC_ARENA_LIMIT, mallocArenaWarning } from '../../worker/malloc-arenas.js';

const REPO = path.resolve(import.meta.dirname, '../..');

describe('mallocArenaWarning', () => {
  it('warns on Linux without MALLOC_ARENA_MAX (unset or empty), naming the setting', () => {
    expect(mallocArenaWarning({}, 'linux')).toMatch(/MALLOC_ARENA_MAX is not set.*MALLOC_ARENA_MAX=2/);
    expect(mallocArenaWarning({ MALLOC_ARENA_MAX: '' }, 'linux')).toMatch(/MALLOC_ARENA_MAX is not set/);
  });

  it('is silent when it is set (any value: an operator may choose another) or off glibc', () => {
    expect(mallocArenaWarning({ MALLOC_ARENA_MAX: '2' }, 'linux')).toBeNull();
    expect(mallocArenaWarning({ MALLOC_ARENA_MAX: '4' }, 'linux')).toBeNull();
    expect(mallocArenaWarning({}, 'darwin')).toBeNull();
  });

  it('every launcher of a worker sets it before the process starts: the image, npm start, npm run worker, stockflow dev', () => {
    const scripts = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toContain(`MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-${MALLOC_ARENA_LIMIT}} node --import tsx apps/stack/main.ts`);
    expect(scripts.worker).toContain(`MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-${MALLOC_ARENA_LIMIT}} tsx worker/main.ts`);
    expect(readFileSync(path.join(REPO, 'Dockerfile'), 'utf8')).toMatch(new RegExp(`^\\s+MALLOC_ARENA_MAX=${MALLOC_ARENA_LIMIT}$`, 'm'));
    expect(readFileSync(path.join(REPO, 'bin', 'stockflow.js'), 'utf8')).toContain(`{ MALLOC_ARENA_MAX: '${MALLOC_ARENA_LIMIT}' }`);
  });
});

import type { ActivityDeps } from '../../activities';

/** Activity dependencies for a test: the given parts, the rest built for a temp data dir. */
export function testDeps(parts: Partial<ActivityDeps> & Pick<ActivityDeps, 'priceCache' | 'symbols'> & { dataDir: string }): ActivityDeps {
  const { dataDir: _dataDir, ...rest } = parts;
  return { ...rest };
}

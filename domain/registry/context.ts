import type { RegistryFs } from './fs-ops.js';
import type { RegistryLayout } from './layout.js';

/** What every registry module needs: where, how to touch files, and what time it is. */
export interface RegistryContext {
  layout: RegistryLayout;
  fs: RegistryFs;
  now: () => Date;
}

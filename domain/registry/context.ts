/** What every registry module needs: where the bytes live, and what time it is. */
import type { RegistryStorage } from './storage.js';

export interface RegistryContext {
  storage: RegistryStorage;
  now: () => Date;
}

/**
 * The TensorFlow.js backend setting of this process (config `training.backend`) and the backend
 * actually in use, without loading TensorFlow.js: the API's /health reads them cheaply, and
 * backend.ts (which does load it) acts on them.
 */
import { ConfigError } from '../../common/errors.js';

/** TensorFlow.js backends: native (tfjs-node), WebAssembly, pure JS. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

const ALIASES: Record<string, BackendName> = { tensorflow: 'tensorflow', node: 'tensorflow', 'tfjs-node': 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/** The backend a setting names, undefined for 'auto' (or nothing); a ConfigError for anything else. */
export function parseBackendSetting(setting: string | undefined): BackendName | undefined {
  if (setting === undefined || setting === '' || setting === 'auto') return undefined;
  const name = ALIASES[setting.toLowerCase()];
  if (!name) throw new ConfigError('training.backend', setting, `one of auto, ${Object.keys(ALIASES).join(', ')}`);
  return name;
}

let configured: string | undefined;
let active: BackendName | null = null;
const listeners: Array<() => void> = [];

/**
 * Sets the configured backend (config `training.backend`) that ensureBackend() uses in this
 * process. A process that loads models calls it once at start with its configuration.
 */
export function configureBackend(setting: string | undefined): void {
  parseBackendSetting(setting);
  if (setting === configured) return;
  configured = setting;
  for (const listener of listeners) listener();
}

export function configuredBackend(): string | undefined {
  return configured;
}

/** Called (by backend.ts) whenever the configured setting changes. */
export function onBackendConfigured(listener: () => void): void {
  listeners.push(listener);
}

/** The backend the last successful selectBackend activated in this thread, or null before one did. */
export function currentBackend(): BackendName | null {
  return active;
}

export function recordActiveBackend(name: BackendName): void {
  active = name;
}

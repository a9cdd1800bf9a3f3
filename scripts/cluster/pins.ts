/**
 * The versions the cluster harness runs, read from pins.json beside this file — the one place
 * they are set; build-temporal-server.sh, the compose file's test and the README follow it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ClusterPins {
  /** go.temporal.io/server module version (without the leading v); also the temporalio/server image tag. */
  temporalServer: string;
  /** GOTOOLCHAIN the server module needs. */
  goToolchain: string;
  /** temporalio/ui image tag. */
  temporalUi: string;
  /** PostgreSQL major version of the compose file (the harness uses the Debian package's). */
  postgres: string;
  /** Node.js major version of the Docker image. */
  node: string;
}

export const PINS_FILE = path.join(import.meta.dirname, 'pins.json');

export function readPins(file = PINS_FILE): ClusterPins {
  const pins = JSON.parse(readFileSync(file, 'utf8')) as Partial<ClusterPins>;
  for (const key of ['temporalServer', 'goToolchain', 'temporalUi', 'postgres', 'node'] as const) {
    if (typeof pins[key] !== 'string' || pins[key] === '') throw new Error(`${file}: "${key}" must be a non-empty string`);
  }
  return pins as ClusterPins;
}

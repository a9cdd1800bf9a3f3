import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelRegistry, type ModelArtifact, type FileModelRegistryOptions } from '../../../domain/registry/index.js';
import { type ExampleScores, exampleModelMetadata } from '../../helpers/model-metadata.js';

/** A clock that starts at `start` and moves one minute forward on every read. */
export function steppingClock(start = '2025-01-06T00:00:00.000Z', stepMs = 60_000): () => Date {
  let t = Date.parse(start);
  return () => {
    const d = new Date(t);
    t += stepMs;
    return d;
  };
}

export function tempDataDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `stockflow-${label}-`));
}

/** Registry under `<dataDir>/models` with a deterministic clock. */
export function makeRegistry(dataDir: string, options: Partial<FileModelRegistryOptions> = {}): ModelRegistry {
  return new ModelRegistry({ root: path.join(dataDir, 'models'), now: steppingClock(), ...options });
}

/** A small artifact in the tfjs file:// layout; `seed` changes the bytes. */
export function makeArtifact(symbol: string, seed = 1, metrics: ExampleScores = { mape: 0.02, directionAccuracy: 0.55, n: 250 }): ModelArtifact {
  const weights = new Uint8Array(4096);
  for (let i = 0; i < weights.length; i++) weights[i] = (i * 31 + seed * 17) % 251;
  const modelJson = JSON.stringify({ format: 'layers-model', seed, weightsManifest: [{ paths: ['weights.bin'] }] });
  return {
    files: {
      'gru/model.json': new TextEncoder().encode(modelJson),
      'gru/weights.bin': weights,
      'ensemble.json': new TextEncoder().encode(JSON.stringify({ members: ['gru', 'ridge'], seed })),
    },
    metadata: exampleModelMetadata(symbol, 'gru+ridge@1', '2025-01-05T12:00:00.000Z', metrics, seed),
  };
}

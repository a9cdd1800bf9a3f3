/**
 * Engine ↔ registry glue: a trained ensemble saved as a registry version, and a verified
 * version loaded back into TensorFlow.js. The registry stores the engine's `ModelMetadata`
 * as is (one type; the registry adds only its own fields), so nothing is flattened or cast here.
 */
import { loadEnsemble, type EnsembleModel, type SerializedEnsemble } from '../engine/index.js';
import type { LoadedModel, ModelRegistry } from '../registry/index.js';

/** The engine's metadata.json is rebuilt from the registry's metadata (the registry owns that file). */
const ENGINE_METADATA_FILE = 'metadata.json';

/**
 * Saves a freshly trained ensemble as the next numbered version; returns the version.
 * `idempotencyKey` (recorded in the metadata) lets a retried job find this version again.
 */
export function saveTrained(registry: ModelRegistry, serialized: SerializedEnsemble, options: { idempotencyKey?: string } = {}): number {
  const files = { ...serialized.files };
  delete files[ENGINE_METADATA_FILE];
  const saved = registry.saveVersion(serialized.metadata.symbol, {
    files,
    metadata: { ...serialized.metadata, ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}) },
  });
  return saved.version;
}

/** Loads a verified version into TensorFlow.js (throws ModelIntegrityError on any mismatch). */
export async function loadModel(loaded: LoadedModel): Promise<EnsembleModel> {
  const metadataBytes = new TextEncoder().encode(JSON.stringify(loaded.metadata));
  return loadEnsemble({ ...loaded.files, [ENGINE_METADATA_FILE]: metadataBytes });
}

import { ModelIntegrityError } from '../../common/errors.js';
import { ensureBackend } from './backend.js';
import type { EnsembleModel, EnsembleState } from './ensemble.js';
import { FEATURE_COUNT } from './features.js';
import { sha256 } from '../../common/node/sha256.js';
import { loadGru, saveGru } from './members/gru.js';
import type { ModelMetadata } from './types.js';
import { readModelMetadata } from './metadata-schema.js';

/**
 * The files of one saved ensemble (flat names, so a registry can keep them in one directory):
 * - model.json + weights.bin — the recurrent member, in tfjs-node's `file://` layout;
 * - ensemble.json — scaler, ridge coefficients, ensemble weights, calibration, and the sha256 of
 *   model.json and weights.bin;
 * - metadata.json — ModelMetadata.
 */
export const MODEL_FILES = ['model.json', 'weights.bin', 'ensemble.json', 'metadata.json'] as const;
export type ModelFileName = (typeof MODEL_FILES)[number];

export interface SerializedEnsemble {
  files: Record<string, Uint8Array>;
  metadata: ModelMetadata;
}

interface EnsembleFile {
  formatVersion: 1;
  state: EnsembleState;
  checksums: { 'model.json': string; 'weights.bin': string };
}

export async function serializeEnsemble(model: EnsembleModel): Promise<SerializedEnsemble> {
  const gru = await saveGru(model.network);
  const ensemble: EnsembleFile = {
    formatVersion: 1,
    state: model.state,
    checksums: { 'model.json': sha256(gru['model.json']), 'weights.bin': sha256(gru['weights.bin']) },
  };
  return {
    files: {
      ...gru,
      'ensemble.json': json(ensemble),
      'metadata.json': json(model.metadata),
    },
    metadata: model.metadata,
  };
}

/** Loads and verifies a saved ensemble; any missing, truncated or altered file → ModelIntegrityError. */
export async function loadEnsemble(files: Record<string, Uint8Array>, options: { backend?: string } = {}): Promise<EnsembleModel> {
  for (const name of MODEL_FILES) if (!files[name]) throw new ModelIntegrityError(name, 'file is missing');
  const ensemble = parse<EnsembleFile>(files, 'ensemble.json');
  const read = readModelMetadata(parse<unknown>(files, 'metadata.json'));
  if (!read.ok) throw new ModelIntegrityError('metadata.json', `not ModelMetadata: ${read.problem}`);
  const { metadata } = read;
  if (ensemble.formatVersion !== 1 || !ensemble.state || !ensemble.checksums) {
    throw new ModelIntegrityError('ensemble.json', `unsupported format ${String(ensemble.formatVersion)}`);
  }
  const network = {} as Record<'model.json' | 'weights.bin', Uint8Array>;
  for (const name of ['model.json', 'weights.bin'] as const) {
    const data = files[name];
    if (!data) throw new ModelIntegrityError(name, `${name} is missing from the model's files`);
    const actual = sha256(data);
    if (actual !== ensemble.checksums[name]) {
      throw new ModelIntegrityError(name, `sha256 ${actual} does not match ${ensemble.checksums[name]} recorded in ensemble.json (${data.byteLength} bytes)`);
    }
    network[name] = data;
  }
  checkState(ensemble.state);
  await ensureBackend(options.backend);
  return { state: ensemble.state, network: await loadGru(network), metadata };
}

function checkState(s: EnsembleState): void {
  const problems: string[] = [];
  if (typeof s.recipe !== 'string') problems.push('recipe');
  if (s.featureNames?.length !== FEATURE_COUNT) problems.push(`featureNames (expected ${FEATURE_COUNT})`);
  for (const [name, xs] of [['scaler.mean', s.scaler?.mean], ['scaler.std', s.scaler?.std], ['ridge.coef', s.ridge?.coef]] as const) {
    if (!Array.isArray(xs) || xs.length !== FEATURE_COUNT || !xs.every(Number.isFinite)) problems.push(name);
  }
  const scalars = [s.ridge?.intercept, s.weights?.gru, s.weights?.ridge, s.weights?.shrink, s.calibration?.a, s.calibration?.b, s.calibration?.baseRate, s.conformal?.multipliers?.p80, s.conformal?.multipliers?.p95, s.directionBand, s.gru?.targetMean, s.gru?.targetStd];
  if (!scalars.every((v) => typeof v === 'number' && Number.isFinite(v))) problems.push('numeric parameters');
  if (s.volatility?.kind !== 'garch' && s.volatility?.kind !== 'ewma') problems.push('volatility');
  if (problems.length) throw new ModelIntegrityError('ensemble.json', `invalid ${problems.join(', ')}`);
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value, null, 1));
}

function parse<T>(files: Record<string, Uint8Array>, name: string): T {
  try {
    const data = files[name];
    if (!data) throw new Error(`${name} is missing`);
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data)) as T;
  } catch (err) {
    throw new ModelIntegrityError(name, 'not valid JSON', { cause: err });
  }
}

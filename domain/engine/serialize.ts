import { ModelIntegrityError } from '../../common/errors.js';
import { ensureBackend } from './backend.js';
import type { EnsembleModel, EnsembleState } from './ensemble.js';
import { FEATURE_COUNT } from './features.js';
import { sha256 } from '../../common/node/sha256.js';
import { memberKind, memberNames } from './members/kinds.js';
import type { ModelMetadata } from './types.js';
import { readModelMetadata } from './metadata-schema.js';

/**
 * The files of one saved ensemble of the default members (flat names, so a registry can keep them
 * in one directory):
 * - model.json + weights.bin — the GRU member's files, in tfjs-node's `file://` layout (each
 *   member saves the files its kind names; the ridge member has none);
 * - ensemble.json — scaler, each member's state under its kind's name, ensemble weights,
 *   calibration, and the sha256 of every member file;
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
  /** sha256 of each member file (today's ensembles: model.json and weights.bin). */
  checksums: Record<string, string>;
}

export async function serializeEnsemble(model: EnsembleModel): Promise<SerializedEnsemble> {
  const memberFiles: Record<string, Uint8Array> = {};
  for (const member of model.members) {
    for (const [name, data] of Object.entries(await member.save())) {
      if (name in memberFiles || name === 'ensemble.json' || name === 'metadata.json') throw new RangeError(`member "${member.kind}" saves ${name}, a file name already taken`);
      memberFiles[name] = data;
    }
  }
  const checksums: Record<string, string> = {};
  for (const [name, data] of Object.entries(memberFiles)) checksums[name] = sha256(data);
  const ensemble: EnsembleFile = { formatVersion: 1, state: model.state, checksums };
  return {
    files: {
      ...memberFiles,
      'ensemble.json': json(ensemble),
      'metadata.json': json(model.metadata),
    },
    metadata: model.metadata,
  };
}

/** Loads and verifies a saved ensemble; any missing, truncated or altered file → ModelIntegrityError. */
export async function loadEnsemble(files: Record<string, Uint8Array>, options: { backend?: string } = {}): Promise<EnsembleModel> {
  for (const name of ['ensemble.json', 'metadata.json']) if (!files[name]) throw new ModelIntegrityError(name, 'file is missing');
  const ensemble = parse<EnsembleFile>(files, 'ensemble.json');
  const read = readModelMetadata(parse<unknown>(files, 'metadata.json'));
  if (!read.ok) throw new ModelIntegrityError('metadata.json', `not ModelMetadata: ${read.problem}`);
  const { metadata } = read;
  if (ensemble.formatVersion !== 1 || !ensemble.state || !ensemble.checksums) {
    throw new ModelIntegrityError('ensemble.json', `unsupported format ${String(ensemble.formatVersion)}`);
  }
  const kinds = checkState(ensemble.state);
  const memberFiles: Record<string, Uint8Array> = {};
  for (const name of kinds.flatMap((k) => k.files)) {
    const data = files[name];
    if (!data) throw new ModelIntegrityError(name, 'file is missing');
    const actual = sha256(data);
    if (actual !== ensemble.checksums[name]) {
      throw new ModelIntegrityError(name, `sha256 ${actual} does not match ${ensemble.checksums[name]} recorded in ensemble.json (${data.byteLength} bytes)`);
    }
    memberFiles[name] = data;
  }
  await ensureBackend(options.backend);
  const members = [];
  try {
    for (const kind of kinds) members.push(await kind.load((ensemble.state as unknown as Record<string, unknown>)[kind.name], memberFiles));
  } catch (err) {
    for (const m of members) m.dispose();
    throw err;
  }
  return { state: ensemble.state, members, metadata };
}

/** The saved state's problems (ModelIntegrityError naming them all), else its member kinds in order. */
function checkState(s: EnsembleState) {
  const problems: string[] = [];
  if (typeof s.recipe !== 'string') problems.push('recipe');
  if (s.featureNames?.length !== FEATURE_COUNT) problems.push(`featureNames (expected ${FEATURE_COUNT})`);
  for (const [name, xs] of [['scaler.mean', s.scaler?.mean], ['scaler.std', s.scaler?.std]] as const) {
    if (!Array.isArray(xs) || xs.length !== FEATURE_COUNT || !xs.every(Number.isFinite)) problems.push(name);
  }
  const weights = (s.weights ?? {}) as Record<string, unknown>;
  const scalars = [...Object.values(weights), s.calibration?.a, s.calibration?.b, s.calibration?.baseRate, s.conformal?.multipliers?.p80, s.conformal?.multipliers?.p95, s.directionBand];
  if (!scalars.every((v) => typeof v === 'number' && Number.isFinite(v)) || typeof weights.shrink !== 'number') problems.push('numeric parameters');
  if (s.volatility?.kind !== 'garch' && s.volatility?.kind !== 'ewma') problems.push('volatility');
  const names = memberNames(weights as Record<string, number>);
  if (names.length === 0) problems.push('weights (no members)');
  const kinds = [];
  for (const name of names) {
    try {
      const kind = memberKind(name);
      problems.push(...kind.problems((s as unknown as Record<string, unknown>)[name], FEATURE_COUNT));
      kinds.push(kind);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (problems.length) throw new ModelIntegrityError('ensemble.json', `invalid ${problems.join(', ')}`);
  return kinds;
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

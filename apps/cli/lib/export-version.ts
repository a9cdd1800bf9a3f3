/**
 * Writes a registry version out of the registry, in tfjs's `file://` layout: `model.json` +
 * `weights.bin` (loadable with `tf.loadLayersModel('file://DIR/model.json')`), beside the rest
 * of the version as stored (`ensemble.json`, `metadata.json`, `checksums.json`, which still
 * verify the copy). All files go into a temp directory beside DIR that is then renamed to DIR,
 * so DIR appears complete or not at all; an existing non-empty DIR is refused (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModelRegistry } from '../../../domain/registry/index.js';
import { usageError } from './errors.js';

/** The target directory cannot be used (not empty, not a directory): a usage error (exit 2). */
const targetError = (dir: string, detail: string) => usageError('EXPORT_TARGET', `export target ${dir} ${detail}`, 'Export into a new or empty directory');

export interface ExportResult {
  symbol: string;
  version: number;
  dir: string;
  /** Relative paths written, sorted. */
  files: string[];
}

/** Exports `version` of `symbol` (default: the champion) into `dir` (created; must not hold anything). */
export function exportVersion(registry: ModelRegistry, symbol: string, dir: string, options: { version?: number } = {}): ExportResult {
  const target = path.resolve(dir);
  checkTarget(target);
  const { version, files } = registry.versionFiles(symbol, options.version);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.tmp-export-${path.basename(target)}-`));
  try {
    for (const [rel, data] of Object.entries(files)) {
      const file = path.join(tmp, ...rel.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data, { flush: true });
    }
    // An empty target directory is replaced (rmdir refuses a non-empty one, e.g. filled meanwhile).
    if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST') throw targetError(target, 'is not empty (files appeared while exporting)');
    throw err;
  }
  return { symbol, version, dir: target, files: Object.keys(files).sort() };
}

function checkTarget(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!stat.isDirectory()) throw targetError(target, 'exists and is not a directory');
  if (fs.readdirSync(target).length > 0) throw targetError(target, 'is not empty');
}

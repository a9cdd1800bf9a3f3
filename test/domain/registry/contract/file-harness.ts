/** The registry contract's harness for the embedded file store: a fresh `<tmp>/models` per call. */
import fs from 'node:fs';
import path from 'node:path';
import { ModelRegistry, withSymbolLock } from '../../../../domain/registry/index.js';
import { steppingClock, tempDataDir } from '../helpers.js';
import type { ChecksumsJson, RegistryHarness } from './harness.js';

export function fileHarness(): RegistryHarness & { dataDir: string } {
  const dataDir = tempDataDir('reg-contract');
  const root = path.join(dataDir, 'models');
  const versionFile = (symbol: string, version: number, rel: string) => path.join(root, symbol, `v${version}`, ...rel.split('/'));
  return {
    label: 'files',
    dataDir,
    open: (options = {}) => new ModelRegistry({ root, now: options.now ?? steppingClock(), ...(options.lockTimeoutMs ? { lockTimeoutMs: options.lockTimeoutMs } : {}) }),
    fileLocation: versionFile,
    tamper: {
      truncateFile: (symbol, version, rel, length) => fs.truncateSync(versionFile(symbol, version, rel), length),
      flipFirstByte: (symbol, version, rel) => {
        const bytes = fs.readFileSync(versionFile(symbol, version, rel));
        bytes[0]! ^= 0xff;
        fs.writeFileSync(versionFile(symbol, version, rel), bytes);
      },
      removeFile: (symbol, version, rel) => fs.rmSync(versionFile(symbol, version, rel)),
      addFile: (symbol, version, rel, data) => fs.writeFileSync(versionFile(symbol, version, rel), data),
      editChecksums: (symbol, version, edit) => {
        const file = versionFile(symbol, version, 'checksums.json');
        fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(fs.readFileSync(file, 'utf8')) as ChecksumsJson)));
      },
      garbleChampion: (symbol) => fs.writeFileSync(path.join(root, symbol, 'champion.json'), '{"version": 1, "sin'),
      deleteVersion: (symbol, version) => fs.rmSync(path.join(root, symbol, `v${version}`), { recursive: true }),
      truncateBackupFile: (symbol, id, rel, length) => fs.truncateSync(path.join(dataDir, 'backups', symbol, id, ...rel.split('/')), length),
    },
    holdExclusive: (symbol, fn) => withSymbolLock(path.join(root, symbol), symbol, fn),
    childSpec: `files:${root}`,
    transactional: false,
  };
}

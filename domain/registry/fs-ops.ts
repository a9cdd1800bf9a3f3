/**
 * The file-system calls the registry makes, behind an interface so tests can inject faults
 * (a rename that throws = a crash between write and rename), plus the durable/atomic write
 * helpers everything else uses. All synchronous: writes are a few small files, and a
 * sequence of sync calls cannot interleave with another write in the same process.
 *
 * Why not write-file-atomic here (the price cache and reports use it): the registry's unit of
 * atomicity is mostly a directory (a version or backup: temp dir, fsync every file and the
 * dir, rename), which that library does not do; the single-file writes (pointer, state) must
 * go through the same injectable `RegistryFs` so the crash tests can fail exactly that rename;
 * and the directory is fsynced after the rename, which write-file-atomic skips.
 */
import nodeFs from 'node:fs';
import path from 'node:path';
import { tempName } from './layout.js';

export type RegistryFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'renameSync'
  | 'readFileSync'
  | 'readdirSync'
  | 'statSync'
  | 'mkdirSync'
  | 'rmSync'
  | 'existsSync'
>;

export const defaultFs: RegistryFs = nodeFs;

/** Writes `data` to `file` (creating or truncating it) and fsyncs it before returning. */
export function writeFileDurable(fs: RegistryFs, file: string, data: Uint8Array | string): void {
  const fd = fs.openSync(file, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.byteLength) off += fs.writeSync(fd, bytes, off, bytes.byteLength - off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsync a directory so a rename or create inside it survives a power loss. */
export function fsyncDir(fs: RegistryFs, dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    // Some platforms/file systems refuse fsync on a directory; the rename is still atomic.
    if (!isErrno(err, 'EISDIR', 'EINVAL', 'EPERM', 'EBADF')) throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Temp file + fsync + rename: readers see the old content or the new, never a mix. */
export function writeFileAtomic(fs: RegistryFs, file: string, data: Uint8Array | string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, tempName(path.basename(file)));
  try {
    writeFileDurable(fs, tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(fs, dir);
}

export function writeJsonAtomic(fs: RegistryFs, file: string, value: unknown): void {
  writeFileAtomic(fs, file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Appends one line with O_APPEND and fsyncs it (used for the audit log). */
export function appendLineDurable(fs: RegistryFs, file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  try {
    const bytes = Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'utf8');
    // O_APPEND puts every write at the end; a line this small is one write in practice.
    let off = 0;
    while (off < bytes.byteLength) off += fs.writeSync(fd, bytes, off, bytes.byteLength - off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Files under `dir`, as forward-slash relative paths, sorted. */
export function listFilesRecursive(fs: RegistryFs, dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFilesRecursive(fs, path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * Removes `<parent>/<name>` by first renaming it to a temp name, so a crash mid-delete leaves
 * an ignored temp dir rather than a half version or half backup that looks real.
 */
export function removeDirViaTemp(fs: RegistryFs, parent: string, name: string): void {
  const tmp = path.join(parent, tempName(`deleting-${name}`));
  fs.renameSync(path.join(parent, name), tmp);
  fsyncDir(fs, parent);
  fs.rmSync(tmp, { recursive: true, force: true });
}

export function readJsonFile(fs: RegistryFs, file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Entries of a directory; [] when it does not exist (yet). */
export function readdirOrEmpty(fs: RegistryFs, dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
}

export function isErrno(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

/**
 * The runner's files on disk: reading the lesson (a regular file only, never blocking), writing
 * the executed notebook and the report so that a reader never sees half a file and a failed
 * write leaves nothing behind, and the check that no output would overwrite the lesson.
 */
import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Why a file could not be read or written, in words, with the system's code for searching. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a part of the path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENAMETOOLONG: 'the name is too long',
  };
  const reason = code ? reasons[code] : undefined;
  if (reason) return `${reason} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The bytes of a regular file. Opened non-blocking and checked with `fstat` on the same handle:
 * a FIFO, socket or device would otherwise block the read until something writes to it (forever,
 * in CI). Throws an `Error` whose message says what the path is instead.
 */
export function readRegularFile(path: string): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK does not exist on Windows, where opening a pipe does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new Error(describeFileError(error));
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new Error('it is a folder');
    if (!stats.isFile()) throw new Error(`it is ${kindOf(stats)}, not a regular file; save the notebook to a file and run that`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: ReturnType<typeof fstatSync>): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Writes next to the target, flushes it to the disk (`fsync`), then renames it over the target,
 * so a reader, or a crash, never leaves half a file. On failure the temporary file is removed and
 * the error is thrown for the caller to report.
 */
export function writeFileAtomically(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Whether two paths name the same file once resolved: the same real path (symbolic links
 * followed), or, where both exist, the same device and inode (hard links, case-insensitive disks).
 */
export function sameFile(a: string, b: string): boolean {
  if (realPath(a) === realPath(b)) return true;
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** The real path of a file, or of its nearest existing folder joined with the rest when it does not exist yet. */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
  }
}

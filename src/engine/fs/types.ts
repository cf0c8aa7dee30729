/**
 * What a simulated process (and the archive/build code) may do to a container's file
 * system. The layered copy-on-write implementation lives beside this file; processes
 * only ever see this interface.
 */
export type FileKind = 'file' | 'dir' | 'symlink';

export interface FileStat {
  name: string;
  kind: FileKind;
  size: number;
  /** Permission bits only (e.g. 0o755). */
  mode: number;
  uid: number;
  gid: number;
  /** Milliseconds since the epoch. */
  mtime: number;
  linkTarget?: string;
}

export interface ProcessFileSystem {
  /** Stat a path, following symlinks unless noFollow. Undefined when absent. */
  stat(path: string, options?: { noFollow?: boolean }): FileStat | undefined;
  /** Read a whole file (following symlinks). Undefined when absent or a directory. */
  readFile(path: string): Buffer | undefined;
  /** Create or replace (or append to) a file; creates no parents. Throws an FsError. */
  writeFile(path: string, data: Buffer, options?: { append?: boolean; mode?: number }): void;
  /** Names in a directory, sorted. Undefined when absent or not a directory. */
  readDir(path: string): string[] | undefined;
  mkdir(path: string, options?: { parents?: boolean; mode?: number }): void;
  remove(path: string, options?: { recursive?: boolean }): void;
  symlink(target: string, path: string): void;
}

/** A file-system error with the errno-style code a shell prints ("No such file or directory"). */
export class FsError extends Error {
  constructor(
    readonly code: 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EROFS' | 'EINVAL' | 'EACCES' | 'ELOOP' | 'EBUSY',
    readonly path: string,
  ) {
    super(`${path}: ${FsError.describe(code)}`);
  }

  static describe(code: FsError['code']): string {
    return {
      ENOENT: 'No such file or directory',
      EEXIST: 'File exists',
      ENOTDIR: 'Not a directory',
      EISDIR: 'Is a directory',
      ENOTEMPTY: 'Directory not empty',
      EROFS: 'Read-only file system',
      EINVAL: 'Invalid argument',
      EACCES: 'Permission denied',
      ELOOP: 'Too many levels of symbolic links',
      EBUSY: 'Resource busy',
    }[code];
  }
}

/**
 * What holds client records or the server's key is for its owner alone: the data folder is 0700 and
 * the database files (and the secret) 0600, whatever the umask the process was started with. A file
 * or folder found looser is tightened, and the caller is told so it can warn the operator: someone
 * may have read it meanwhile. Files written whole (the secret) go through a temporary file that is
 * flushed and then moved into place, so a crash or a full disk never leaves half of one.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/**
 * Takes away every permission of the group and others from `path` (leaving the owner's as they
 * are, within `mode`). Answers a warning when it was open to them, undefined when it was not or
 * does not exist.
 */
export function restrictMode(path: string, mode: number): string | undefined {
  let current: number;
  try {
    current = statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
  if ((current & ~mode) === 0) return undefined;
  chmodSync(path, mode);
  return `${path} was open to other users (mode ${octal(current)}); it is now ${octal(mode)}`;
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `content` to `path` only if nothing is there yet, all or nothing: into a private temporary
 * file beside it, flushed, then linked under its name (a rename that never replaces a file another
 * process wrote meanwhile) and the folder flushed. Answers false when `path` already existed. On
 * any failure (a full disk) nothing is left under either name, and the error is thrown.
 */
export function writeNewFileAtomically(path: string, content: string): boolean {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  try {
    const fd = openSync(temporary, 'wx', PRIVATE_FILE_MODE);
    try {
      const bytes = Buffer.from(content, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      syncPath(dirname(path));
    } catch {
      // Some file systems cannot flush a folder; the link is made either way.
    }
    return true;
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
  }
}

/**
 * A real full disk for tests: a small tmpfs mounted on a fresh folder (the tests run as root, as
 * .ci/run does), which `fill()` fills to the last byte with a filler file and `free()` empties
 * again. Whatever is written on it then fails as on a full disk: ENOSPC from the kernel, SQLITE_FULL
 * from SQLite.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  path: string;
  /** Writes a filler file until the disk refuses another byte. */
  fill(): void;
  /** Removes the filler. */
  free(): void;
  /** Unmounts the disk and removes its folder. */
  remove(): void;
}

/** Mounts a tmpfs of `size` (as mount says it: 64k, 16m) on a new folder. */
export function mountSmallDisk(size: string): SmallDisk {
  const path = mkdtempSync(join(tmpdir(), 'stepdown-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw new Error(
      `a full-disk test mounts a small tmpfs and needs root (as .ci/run has): ${(error as { stderr?: Buffer }).stderr?.toString() ?? String(error)}`,
    );
  }
  const filler = join(path, 'filler');
  return {
    path,
    fill: () => {
      const fd = openSync(filler, 'a');
      try {
        // Big pieces first, then byte by byte, so not even a small write fits afterwards.
        for (const size of [64 * 1024, 4096, 512, 1]) {
          const piece = Buffer.alloc(size, 1);
          for (;;) {
            try {
              writeSync(fd, piece);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw error;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    remove: () => {
      try {
        execFileSync('umount', ['-l', path], { stdio: 'pipe' });
      } finally {
        rmSync(path, { recursive: true, force: true });
      }
    },
  };
}

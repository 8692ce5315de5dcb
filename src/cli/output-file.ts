/**
 * Files the commands write whole or not at all: the work goes into a hidden temporary file beside
 * the target, which is renamed onto it only once complete and checked, so a failed or interrupted
 * run never leaves a half file under the target's name (a rename within one folder is atomic).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, statSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.js';

/**
 * Refuses a target that cannot be written as asked: an existing file without `force`, a folder, or
 * a folder that does not exist. `label` names the option in the messages ("--out"); '' for a
 * positional argument, named by its value alone.
 * Answers the absolute path.
 */
export function checkTarget(file: string, force: boolean, label: string): string {
  const target = resolve(file);
  const folder = dirname(target);
  const name = label === '' ? file : `${label} ${file}`;
  let folderStat: ReturnType<typeof statSync> | undefined;
  try {
    folderStat = statSync(folder);
  } catch {
    folderStat = undefined;
  }
  if (!folderStat?.isDirectory()) throw new InputError([`${name}: the folder ${folder} does not exist`]);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(target);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new InputError([`${name}: is a folder; name a file`]);
  if (existing && !force) throw new InputError([`${name}: already exists; add --force to replace it`]);
  return target;
}

/** A new hidden name in the target's folder, so the final rename stays within one file system. */
export function temporaryBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
}

/**
 * Creates an empty file only its owner can read (what goes in holds client records), failing if
 * the name is taken. Tools that then write to it (SQLite, pg_dump) keep its mode.
 */
export function createPrivateFile(path: string): void {
  writeFileSync(path, '', { mode: 0o600, flag: 'wx' });
}

/** Flushes a file's contents to disk. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves the finished temporary file onto the target and makes the rename itself durable (the
 * folder's entry is flushed too), so a crash right after leaves either the old file or the new one.
 */
export async function commitFile(temporary: string, target: string): Promise<void> {
  syncFile(temporary);
  await rename(temporary, target);
  try {
    syncFile(dirname(target));
  } catch {
    // Some file systems cannot flush a folder; the rename has happened either way.
  }
}

/**
 * Removes temporary files when the command is stopped by a signal (Ctrl-C, a supervisor), then
 * lets the process end as the signal asks. Answers a function that stops listening.
 */
export function removeOnInterrupt(remove: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      remove();
    } finally {
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

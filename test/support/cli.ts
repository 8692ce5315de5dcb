/**
 * The real `stepdown` command in a child process, for start-up, CLI and crash tests: run a command
 * to completion, or start `stepdown serve` and wait until it prints its address. Children get a
 * clean environment (no DATABASE_URL, PORT, NODE_ENV or STEPDOWN_* from the test run) plus what
 * the test passes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STEPDOWN_BIN = fileURLToPath(new URL('../../bin/stepdown', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The parent's environment without anything that configures Stepdown, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(STEPDOWN_|DATABASE_URL$|PORT$|HOST$|NODE_ENV$|LOG_LEVEL$|VITEST)/.test(key)) continue;
    clean[key] = value;
  }
  return { ...clean, ...env };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'stepdown-data-'));
}

/** A port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `stepdown ARGS` to completion, with `input` on standard input. */
export function runStepdown(
  args: string[],
  options: { env: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STEPDOWN_BIN, ...args], {
      cwd: ROOT,
      env: childEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stepdown ${args.join(' ')} did not finish\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface ServeProcess {
  /** The address it printed. */
  url: string;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and waits for the process to end; resolves with its exit code (null when killed). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `stepdown serve` and waits for "Stepdown is running at URL". */
export function startServe(env: Record<string, string>, timeoutMs = 60_000): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [STEPDOWN_BIN, 'serve'], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stepdown serve did not start\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /Stepdown is running at (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] && /API documentation/.test(stdout)) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          pid: child.pid ?? 0,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: (signal) => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.on('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`stepdown serve exited with ${code} before starting\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

/** Running the PostgreSQL client tools (pg_dump, pg_restore) for `stepdown backup`. */
import { spawn } from 'node:child_process';

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLIENT_TOOLS_HINT =
  'install the PostgreSQL client tools (Debian: apt-get install postgresql-client) and make sure they are on PATH';

/** Runs a PostgreSQL client tool; a missing tool is reported with what to install. */
export function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ToolRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(`${command} was not found: ${CLIENT_TOOLS_HINT}`) : error);
    });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export async function expectSuccess(command: string, run: Promise<ToolRun>): Promise<string> {
  const result = await run;
  if (result.code !== 0) {
    throw new Error(`${command} failed (exit code ${result.code ?? 'none'}): ${result.stderr.trim() || 'no message'}`);
  }
  return result.stdout;
}

/**
 * How the PostgreSQL tools reach the database: the URL without its password on the command line,
 * the password in PGPASSWORD, where other users cannot read it (a command line is public to `ps`).
 */
export function pgToolConnection(url: string, env: NodeJS.ProcessEnv): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const toolEnv: NodeJS.ProcessEnv = { ...env };
  if (parsed.password !== '') {
    toolEnv.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  const queryPassword = parsed.searchParams.get('password');
  if (queryPassword !== null) {
    toolEnv.PGPASSWORD = queryPassword;
    parsed.searchParams.delete('password');
  }
  return { dbname: parsed.toString(), env: toolEnv };
}

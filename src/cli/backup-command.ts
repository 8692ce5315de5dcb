/**
 * `stepdown backup FILE`: a consistent copy of the whole database, safe while `stepdown serve` runs.
 * SQLite through its online backup, PostgreSQL through pg_dump; either way the copy is checked in a
 * temporary file beside FILE and only then renamed onto it.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { insertAuditEvents } from '../storage/audit.js';
import {
  BackupCheckError,
  type BackupFacts,
  backupSqlite,
  NotAStepdownDatabaseError,
  removeSqliteFile,
  type SqliteBackupProgress,
  sqliteSidecars,
  withPostgresSnapshot,
} from '../storage/backup.js';
import { type DatabaseHandle, type DatabaseLocation, openDatabase } from '../storage/database.js';
import { loadCliConfig } from './cli-config.js';
import { formatCount, plural } from './counts.js';
import { InputError } from './errors.js';
import { expectSuccess, pgToolConnection, runTool } from './pg-tools.js';
import { checkTarget, commitFile, createPrivateFile, removeOnInterrupt, temporaryBeside } from './output-file.js';
import type { Io } from './recommend.js';

export const BACKUP_HELP = `stepdown backup: a consistent copy of the whole database

Usage:
  stepdown backup FILE [--force]

Copies the database named by DATABASE_URL (as for serve) into FILE. It is safe to run while
"stepdown serve" is running: the copy is one moment of the database, and the server keeps working.

  SQLite      SQLite's online backup. The copy is checked (integrity check, and the same
              migrations as the database) before it is renamed onto FILE. FILE is a SQLite
              database file.
  PostgreSQL  pg_dump --format=custom, checked with pg_restore --list. Needs the PostgreSQL
              client tools on PATH (Debian: apt-get install postgresql-client), of the server's
              major version or newer. The password is passed to pg_dump in its environment,
              never on its command line.

The copy is written to a temporary file beside FILE and renamed onto FILE only once complete and
checked: a failed or interrupted backup leaves FILE as it was. Progress is shown on stderr for a
large SQLite database; a summary line goes to stdout. The backup is recorded in each
organisation's audit log.

Options:
  --force      Replace FILE if it exists.
  -h, --help   Show this help.

Restoring:
  SQLite      Stop the server, keep the current database file aside, and put the backup in its
              place as the database file (./data/stepdown.db, or the path in DATABASE_URL),
              removing any stepdown.db-wal and stepdown.db-shm files beside it; start the server.
  PostgreSQL  Restore into a new, empty database and point DATABASE_URL at it:
                createdb stepdown_restored
                pg_restore --no-owner --dbname stepdown_restored FILE

Exit codes: 0 backed up; 2 invalid input (FILE exists without --force, its folder does not
exist, a bad option or configuration); 1 other errors (the copy failed its check, pg_dump missing
or failing).
`;

/** At least this many pages (4 KiB each by default) before progress is shown. */
const PROGRESS_FROM_PAGES = 2_500;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Shows pages copied of total on stderr for a large database: redrawn on a terminal, else a line every few seconds. */
function pageProgress(stderr: Io['stderr']): (progress: SqliteBackupProgress) => void {
  const terminal = stderr.isTTY === true;
  let last = 0;
  let finished = false;
  return ({ copiedPages, totalPages }) => {
    if (totalPages < PROGRESS_FROM_PAGES || finished) return;
    const now = Date.now();
    const done = copiedPages >= totalPages;
    if (!done && now - last < (terminal ? 200 : 2_000)) return;
    last = now;
    finished = done;
    const percent = Math.floor((copiedPages / totalPages) * 100);
    const line = `Copying: ${formatCount(copiedPages)} of ${formatCount(totalPages)} pages (${percent}%)`;
    stderr.write(terminal ? `\r${line}${done ? '\n' : ''}` : `${line}\n`);
  };
}

/** One event per organisation: a backup copies every client's records, and each organisation's log should say so. */
async function recordBackup(database: DatabaseHandle, facts: BackupFacts, target: string): Promise<void> {
  const at = new Date().toISOString();
  const events = facts.organizationIds.map((organizationId) => ({
    at,
    organizationId,
    actorUserId: null,
    actorKind: 'system' as const,
    action: 'database.backup' as const,
    resourceType: 'database',
    // Where the copy went: what an auditor asks next.
    resourceId: target,
    clientId: null,
    outcome: 'success' as const,
    ip: null,
    requestId: null,
  }));
  await database.db.transaction().execute((trx) => insertAuditEvents(trx, events));
  await database.settled();
}

async function backupSqliteDatabase(
  path: string,
  file: string,
  target: string,
  io: Io,
): Promise<{ facts: BackupFacts; describe: string }> {
  const source = resolve(path);
  if (!existsSync(source)) {
    throw new InputError([`DATABASE_URL: there is no SQLite database at ${path}`]);
  }
  if ([source, ...sqliteSidecars(source)].includes(target)) {
    throw new InputError([`${file}: is the database itself; name another file`]);
  }
  const temporary = temporaryBeside(target);
  const stopListening = removeOnInterrupt(() => removeSqliteFile(temporary));
  try {
    createPrivateFile(temporary);
    const facts = await backupSqlite(source, temporary, pageProgress(io.stderr));
    // The events go into the database, not the copy: they record that this copy was made.
    const database = openDatabase({ kind: 'sqlite', path: source });
    try {
      await recordBackup(database, facts, target);
    } finally {
      await database.close();
    }
    await commitFile(temporary, target);
    return { facts, describe: `SQLite ${path}` };
  } catch (error) {
    removeSqliteFile(temporary);
    if (error instanceof NotAStepdownDatabaseError) {
      throw new InputError([`DATABASE_URL: ${path} is not a Stepdown database; nothing was copied`]);
    }
    throw error;
  } finally {
    stopListening();
  }
}

/** The migration names in a custom-format dump, read back with pg_restore. */
function migrationsInDump(script: string): string[] {
  const lines = script.split('\n');
  const start = lines.findIndex((line) => /^COPY \S*stepdown_migrations \(/.test(line));
  if (start === -1) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    const name = line.split('\t')[0];
    if (name) names.push(name);
  }
  return names.sort();
}

/** The tables whose data a Stepdown dump must hold, as pg_restore --list names them. */
const TABLES_IN_DUMP = ['stepdown_migrations', 'organizations', 'users', 'clients', 'audit_events'];

async function checkDump(temporary: string, facts: BackupFacts, env: NodeJS.ProcessEnv): Promise<void> {
  const listing = await expectSuccess('pg_restore --list', runTool('pg_restore', ['--list', temporary], env));
  const missing = TABLES_IN_DUMP.filter((table) => !new RegExp(`TABLE DATA \\S+ ${table} `).test(listing));
  if (missing.length > 0) throw new BackupCheckError([`the dump lists no data for ${missing.join(', ')}`]);
  const script = await expectSuccess(
    'pg_restore',
    runTool('pg_restore', ['--data-only', '--table=stepdown_migrations', '--file=-', temporary], env),
  );
  const migrations = migrationsInDump(script);
  if (migrations.join('\n') !== facts.migrations.join('\n')) {
    throw new BackupCheckError([
      `the dump has migrations ${migrations.join(', ') || 'none'} where the database has ${facts.migrations.join(', ') || 'none'}`,
    ]);
  }
}

async function backupPostgresDatabase(
  location: Extract<DatabaseLocation, { kind: 'postgres' }>,
  target: string,
): Promise<{ facts: BackupFacts; describe: string }> {
  const connection = pgToolConnection(location.url, process.env);
  // Before connecting: a missing tool is the likeliest problem, and says what to install.
  await expectSuccess('pg_dump --version', runTool('pg_dump', ['--version'], connection.env));
  await expectSuccess('pg_restore --version', runTool('pg_restore', ['--version'], connection.env));
  const temporary = temporaryBeside(target);
  const stopListening = removeOnInterrupt(() => rmSync(temporary, { force: true }));
  const database = openDatabase(location);
  try {
    createPrivateFile(temporary);
    const { facts } = await withPostgresSnapshot(database, (snapshotId) =>
      expectSuccess(
        'pg_dump',
        runTool(
          'pg_dump',
          [
            '--format=custom',
            `--file=${temporary}`,
            `--snapshot=${snapshotId}`,
            '--no-password',
            `--dbname=${connection.dbname}`,
          ],
          connection.env,
        ),
      ),
    );
    await checkDump(temporary, facts, connection.env);
    await recordBackup(database, facts, target);
    await commitFile(temporary, target);
    return { facts, describe: database.describe };
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof NotAStepdownDatabaseError) {
      throw new InputError([`DATABASE_URL: ${database.describe} is not a Stepdown database; nothing was copied`]);
    }
    throw error;
  } finally {
    stopListening();
    await database.close();
  }
}

export async function backupCommand(args: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseBackupArgs>;
  try {
    parsed = parseBackupArgs(args);
  } catch (error) {
    throw new InputError([(error as Error).message]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(BACKUP_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InputError([
      positionals.length === 0
        ? 'FILE: name the file to write the backup to (see "stepdown help backup")'
        : `backup: expected one FILE, got ${positionals.length}: ${positionals.join(' ')}`,
    ]);
  }
  const file = positionals[0] as string;
  const target = checkTarget(file, values.force === true, '');
  const settings = loadCliConfig();
  const started = Date.now();
  const { facts, describe } =
    settings.database.kind === 'sqlite'
      ? await backupSqliteDatabase(settings.database.path, file, target, io)
      : await backupPostgresDatabase(settings.database, target);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { clients, assessments, plans } = facts.counts;
  io.stdout.write(
    `Backed up ${describe} to ${file}: ${formatSize(statSync(target).size)}, ${plural(clients, 'client')}, ${plural(
      assessments,
      'assessment',
    )}, ${plural(plans, 'plan')}, in ${seconds} s\n`,
  );
  return 0;
}

function parseBackupArgs(args: string[]) {
  return parseArgs({
    args,
    options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
}

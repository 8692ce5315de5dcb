/**
 * `stepdown export --org NAME [--out FILE]`: everything one organisation holds, as NDJSON
 * (`stepdown/export@1`, described in organization-export.ts), for a records request or a move to
 * another system. Streamed from one consistent read of the database to standard output or FILE.
 */
import { createWriteStream, existsSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { insertAuditEvents } from '../storage/audit.js';
import { type DatabaseHandle, openDatabase } from '../storage/database.js';
import { DatabaseTooNewError, migrationStatus } from '../storage/migrate.js';
import { findOrganizationByName } from '../storage/organizations.js';
import type { NewAuditEvent, Organization } from '../storage/records.js';
import { loadCliConfig } from './cli-config.js';
import { plural } from './counts.js';
import { InputError } from './errors.js';
import { checkTarget, commitFile, removeOnInterrupt, temporaryBeside } from './output-file.js';
import { emptyProgress, type ExportProgress, organizationExport } from './organization-export.js';
import type { Io } from './recommend.js';

export const EXPORT_HELP = `stepdown export: everything one organisation holds, as NDJSON

Usage:
  stepdown export --org NAME [--out FILE] [--force]

Writes the records of the organisation NAME (DATABASE_URL, as for serve) for a records request or
for moving to another system: one JSON object per line, format stepdown/export@1. Each line has a
"type":
  stepdown-export       first line: format, exportedAt, the organisation's id and name
  organization          the organisation
  user                  its users (never password hashes or sessions)
  client                each client, archived ones included, followed by that client's
    assessment          assessments, each with every version and its stored recommendation
    plan                discharge plans, each with every version, acknowledgements and share codes
    consent             consents (never the recipient's code or its hash)
    referral            referrals, with their status history and the program referred to
    measure             measures (results of PHQ-9, GAD-7 and the other instruments), with their alerts
    measure-schedule    the measurement schedule, when a clinician changed the default
    check-in-link       check-in links (what each asked, when made, used or expired; never the
                        code or its hash)
    check-in-reminder   reminder emails (which check-in, when sent, attempts)
    goal-status         whether each goal of the plans is met
    step-signal         step-up and step-down signals raised, with their basis and how each closed
  cds-feedback          what its clinicians did with Stepdown's CDS cards in their EHR
  audit-event           the organisation's audit log, newest first
  stepdown-export-end   last line: the count of every type. A file without it is incomplete.

All lines come from one consistent read, so they agree with each other even while the server
runs. The export is recorded in the audit log (actor "system", action "organization.export"): one
event for the organisation and one for each client whose records it holds, so each client's
accounting of disclosures lists it. Those events are written once the export is complete, so
they are not in it.

Options:
  --org NAME    The organisation, by its exact name.
  --out FILE    Write to FILE instead of standard output: into a temporary file beside it,
                renamed onto FILE once complete, so FILE is never half written.
  --force       With --out: replace FILE if it exists.
  -h, --help    Show this help.

The output holds protected health information: keep it as carefully as the database.

Exit codes: 0 exported; 2 invalid input (no --org, no organisation of that name, FILE exists
without --force or its folder does not exist, a bad option); 1 other errors.
`;

/** Lines are gathered into chunks of about this size before a write, whose completion is awaited. */
const CHUNK_BYTES = 64 * 1024;

/** Writes text and waits until the stream has taken it, so a slow reader slows the export instead of filling memory. */
function writeChunk(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Records the export. One event per client, not one for the organisation naming a count: an
 * auditor answering "who has seen this client's records?" (a Part 2 accounting of disclosures)
 * reads the events by client, and an export that left with a client's records must be among them.
 * The organisation's own event marks the export as a whole, and is there even with no clients.
 */
async function recordExport(
  database: DatabaseHandle,
  organization: Organization,
  progress: ExportProgress,
  outcome: 'success' | 'failure',
): Promise<void> {
  const at = new Date().toISOString();
  const base = {
    at,
    organizationId: organization.id,
    actorUserId: null,
    actorKind: 'system' as const,
    action: 'organization.export' as const,
    outcome,
    ip: null,
    requestId: null,
  };
  const events: NewAuditEvent[] = [
    { ...base, resourceType: 'organization', resourceId: organization.id, clientId: null },
    ...progress.clientIds.map((clientId) => ({ ...base, resourceType: 'client', resourceId: clientId, clientId })),
  ];
  await database.db.transaction().execute((trx) => insertAuditEvents(trx, events));
  await database.settled();
}

/** Reads the organisation's records in one snapshot and writes them to `output`. */
async function writeExport(
  database: DatabaseHandle,
  organization: Organization,
  output: Writable,
  progress: ExportProgress,
): Promise<void> {
  const exportedAt = new Date().toISOString();
  const builder = database.db.transaction();
  // SQLite in WAL mode: a read transaction is a snapshot already. PostgreSQL needs repeatable read.
  const snapshot =
    database.dialect === 'postgres' ? builder.setIsolationLevel('repeatable read').setAccessMode('read only') : builder;
  await snapshot.execute(async (trx) => {
    let chunk = '';
    for await (const line of organizationExport(trx, organization, exportedAt, progress)) {
      chunk += `${JSON.stringify(line)}\n`;
      if (chunk.length >= CHUNK_BYTES) {
        await writeChunk(output, chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await writeChunk(output, chunk);
  });
}

async function openOutput(temporary: string): Promise<WriteStream> {
  // Only the owner may read it: it holds client records.
  const stream = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  await once(stream, 'open');
  return stream;
}

async function closeOutput(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  await new Promise<void>((resolve, reject) => {
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

function parseExportArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        org: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    throw new InputError([(error as Error).message]);
  }
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const values = parseExportArgs(args);
  if (values.help) {
    io.stdout.write(EXPORT_HELP);
    return 0;
  }
  const problems: string[] = [];
  const name = values.org?.trim();
  if (!name) problems.push('--org: name the organisation to export (see "stepdown help export")');
  if (values.force && values.out === undefined) problems.push('--force: only with --out');
  if (values.out === '') problems.push('--out: name a file');
  if (problems.length > 0) throw new InputError(problems);
  const target = values.out === undefined ? undefined : checkTarget(values.out, values.force === true, '--out');

  const settings = loadCliConfig();
  // Opening a SQLite file that is not there would create an empty database.
  if (settings.database.kind === 'sqlite' && !existsSync(settings.database.path)) {
    throw new InputError([`DATABASE_URL: there is no SQLite database at ${settings.database.path}`]);
  }
  const database = openDatabase(settings.database);
  try {
    const status = await migrationStatus(database);
    if (status.unknown.length > 0) throw new InputError([new DatabaseTooNewError(status.unknown).message]);
    if (status.applied.length === 0) {
      throw new InputError([`DATABASE_URL: ${database.describe} holds no Stepdown data (run "stepdown migrate")`]);
    }
    const organization = await findOrganizationByName(database.db, name as string);
    if (!organization) throw new InputError([`--org: there is no organisation named "${name}"`]);

    const progress = emptyProgress();
    if (target === undefined) {
      try {
        await writeExport(database, organization, io.stdout, progress);
      } catch (error) {
        // Lines may have left already: record what was read, as a failure.
        await recordExport(database, organization, progress, 'failure').catch(() => undefined);
        throw error;
      }
      await recordExport(database, organization, progress, 'success');
      return 0;
    }

    const temporary = temporaryBeside(target);
    const stopListening = removeOnInterrupt(() => rmSync(temporary, { force: true }));
    try {
      const output = await openOutput(temporary);
      try {
        await writeExport(database, organization, output, progress);
      } finally {
        await closeOutput(output);
      }
      // Recorded before the file appears under its name: it never exists without its record.
      await recordExport(database, organization, progress, 'success');
      await commitFile(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    } finally {
      stopListening();
    }
    const { counts } = progress;
    io.stdout.write(
      `Exported ${organization.name} to ${values.out}: ${plural(counts.clients, 'client')}, ${plural(
        counts.assessments,
        'assessment',
      )}, ${plural(counts.plans, 'plan')}, ${plural(counts.auditEvents, 'audit event')}\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

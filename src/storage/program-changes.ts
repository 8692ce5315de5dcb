/**
 * The history of the program directory and the clinics' notes on its programs. Every change to a
 * program (added, corrected, its tracks replaced) and to a clinic's note on one is a row: who made
 * it (a user of a clinic, or the operator's command line), when, and the changed values before and
 * after. A note and its history are its clinic's alone.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { ProgramChangesTable } from './schema.js';

export type ProgramChangeAction = ProgramChangesTable['action'];

/** Who changed a program: a clinic's user, or the operator through the command line. */
export type ProgramChanger = { kind: 'user'; userId: string; organizationId: string } | { kind: 'system' };

export interface ProgramChange {
  id: string;
  programId: string;
  at: string;
  action: ProgramChangeAction;
  actorKind: 'user' | 'system';
  actorUserId: string | null;
  actorName: string | null;
  organizationId: string | null;
  organizationName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

export interface ProgramNote {
  text: string;
  updatedBy: string;
  updatedAt: string;
}

export async function insertProgramChange(
  db: Executor,
  change: {
    programId: string;
    at: string;
    action: ProgramChangeAction;
    by: ProgramChanger;
    noteOrganizationId?: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto('program_changes')
    .values({
      id: randomUUID(),
      program_id: change.programId,
      at: change.at,
      action: change.action,
      actor_kind: change.by.kind,
      actor_user_id: change.by.kind === 'user' ? change.by.userId : null,
      organization_id: change.by.kind === 'user' ? change.by.organizationId : null,
      note_organization_id: change.noteOrganizationId ?? null,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: JSON.stringify(change.after),
    })
    .execute();
}

/**
 * A program's changes, newest first: every change to the program, and the changes to the note of
 * `viewerOrganizationId` (none when null, the operator sees every note's).
 */
export async function listProgramChanges(
  db: Executor,
  programId: string,
  viewer: { organizationId: string } | 'operator',
  limit = 200,
): Promise<ProgramChange[]> {
  let query = db
    .selectFrom('program_changes as c')
    .leftJoin('users as u', 'u.id', 'c.actor_user_id')
    .leftJoin('organizations as o', 'o.id', 'c.organization_id')
    .select([
      'c.id',
      'c.program_id',
      'c.at',
      'c.action',
      'c.actor_kind',
      'c.actor_user_id',
      'u.display_name',
      'c.organization_id',
      'o.name as organization_name',
      'c.before',
      'c.after',
    ])
    .where('c.program_id', '=', programId);
  if (viewer !== 'operator') {
    const organizationId = viewer.organizationId;
    query = query.where((eb) =>
      eb.or([eb('c.note_organization_id', 'is', null), eb('c.note_organization_id', '=', organizationId)]),
    );
  }
  const rows = await query.orderBy('c.at', 'desc').orderBy('c.id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    programId: row.program_id,
    at: row.at,
    action: row.action,
    actorKind: row.actor_kind,
    actorUserId: row.actor_user_id,
    actorName: row.display_name ?? null,
    organizationId: row.organization_id,
    organizationName: row.organization_name ?? null,
    before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
    after: JSON.parse(row.after) as Record<string, unknown>,
  }));
}

/** A clinic's note on a program, or undefined. */
export async function getProgramNote(
  db: Executor,
  programId: string,
  organizationId: string,
): Promise<ProgramNote | undefined> {
  const row = await db
    .selectFrom('program_notes')
    .select(['text', 'updated_by', 'updated_at'])
    .where('program_id', '=', programId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? { text: row.text, updatedBy: row.updated_by, updatedAt: row.updated_at } : undefined;
}

/** Sets (or, with null, removes) a clinic's note on a program. Call inside a transaction. */
export async function setProgramNote(
  db: Executor,
  input: { programId: string; organizationId: string; text: string | null; userId: string; now: string },
): Promise<void> {
  await db
    .deleteFrom('program_notes')
    .where('program_id', '=', input.programId)
    .where('organization_id', '=', input.organizationId)
    .execute();
  if (input.text === null) return;
  await db
    .insertInto('program_notes')
    .values({
      program_id: input.programId,
      organization_id: input.organizationId,
      text: input.text,
      updated_by: input.userId,
      updated_at: input.now,
    })
    .execute();
}

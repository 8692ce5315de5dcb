/** Server-side sessions: the cookie holds a random token, the table holds only its keyed hash. */
import { systemTimeZone } from '../core/time-zone.js';
import type { Executor } from './executor.js';
import type { Session, User } from './records.js';
import { preparedQuery } from './prepared.js';
import type { SessionsTable } from './schema.js';

function toSession(row: SessionsTable): Session {
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export async function insertSession(db: Executor, session: Session): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

const sessionWithUser = preparedQuery((db: Executor, id: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select([
      's.id',
      's.user_id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.organization_id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.disabled',
      'u.created_at as user_created_at',
      'u.updated_at as user_updated_at',
      'o.time_zone',
    ])
    .where('s.id', '=', id),
);

/**
 * A session with its user and their organisation's time zone, in one query: the check every
 * signed-in request makes. The user's credentials (password hash, sign-in failures) are not read.
 */
export async function findSessionWithUser(
  db: Executor,
  id: string,
): Promise<{ session: Session; user: User; timeZone: string } | undefined> {
  const [row] = await sessionWithUser(db, id);
  if (!row) return undefined;
  return {
    session: toSession(row),
    user: {
      id: row.user_id,
      organizationId: row.organization_id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      disabled: row.disabled === 1,
      createdAt: row.user_created_at,
      updatedAt: row.user_updated_at,
    },
    timeZone: row.time_zone ?? systemTimeZone(),
  };
}

export async function touchSession(db: Executor, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Removes sessions past their absolute expiry or idle for longer than `idleBefore`. */
export async function deleteStaleSessions(db: Executor, now: string, idleBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Users, their credentials and their sign-in failure counters. */
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from './executor.js';
import type { Role, User, UserCredentials } from './records.js';
import type { UsersTable } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

/** Another user already has this email: emails are unique across organisations, without case. */
export class EmailInUseError extends Error {
  constructor(readonly email: string) {
    super(`${email} already has an account`);
    this.name = 'EmailInUseError';
  }
}

function toUser(row: Omit<UsersTable, 'sign_in_seq'>): User {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Emails are compared without case; they are stored lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Adds a user; throws EmailInUseError when the email is taken, even by a creation not yet committed. */
export async function insertUser(
  db: Executor,
  input: { organizationId: string; email: string; displayName: string; role: Role; passwordHash: string; now: string },
): Promise<User> {
  const row: Omit<UsersTable, 'sign_in_seq'> = {
    id: randomUUID(),
    organization_id: input.organizationId,
    email: normalizeEmail(input.email),
    display_name: input.displayName,
    role: input.role,
    password_hash: input.passwordHash,
    failed_sign_ins: 0,
    locked_until: null,
    disabled: 0,
    created_at: input.now,
    updated_at: input.now,
  };
  try {
    await db.insertInto('users').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error, 'users', 'email')) throw new EmailInUseError(row.email);
    throw error;
  }
  return toUser(row);
}

export async function findCredentialsByEmail(db: Executor, email: string): Promise<UserCredentials | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
  if (!row) return undefined;
  return {
    user: toUser(row),
    passwordHash: row.password_hash,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
  };
}

export async function getUser(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function listUsers(db: Executor, organizationId: string): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('email')
    .execute();
  return rows.map(toUser);
}

/**
 * Locks the organisation's row until the transaction ends (FOR UPDATE on PostgreSQL), so changes to
 * its users' roles and accounts take turns: each then sees the others' result when it counts the
 * admins left. SQLite runs one transaction at a time. Take it before reading the users.
 */
export async function lockOrganizationUsers(db: Executor, organizationId: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
}

/** How many admins of the organisation can sign in (their account is not disabled). */
export async function countActiveAdmins(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUser(
  db: Executor,
  organizationId: string,
  id: string,
  patch: { role?: Role; disabled?: boolean; displayName?: string; now: string },
): Promise<User | undefined> {
  await db
    .updateTable('users')
    .set({
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.disabled === undefined ? {} : { disabled: patch.disabled ? 1 : 0 }),
      ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
      updated_at: patch.now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/**
 * Replaces a user's password hash and clears their sign-in failures and any lock: a password chosen
 * through a set-password link starts a clean count.
 */
export async function setUserPassword(db: Executor, userId: string, passwordHash: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/**
 * Admits one sign-in attempt for an account, counted on arrival before its password is checked, in
 * one conditional update: the database decides, so parallel attempts and other server processes
 * see one count. Refused (undefined) while the account is locked. The attempt that brings the count
 * to `maxFailures` locks the account at once, for `lockMs`; a lock that has run out starts a new
 * count. Returns the attempt's number, which `clearSignInsBefore` needs after a success.
 */
export async function admitSignInAttempt(
  db: Executor,
  userId: string,
  options: { now: Date; maxFailures: number; lockMs: number },
): Promise<number | undefined> {
  const now = options.now.toISOString();
  const lockUntil = new Date(options.now.getTime() + options.lockMs).toISOString();
  const lockRanOut = sql<boolean>`locked_until is not null and locked_until <= ${now}`;
  const count = sql<number>`(case when ${lockRanOut} then 1 else failed_sign_ins + 1 end)`;
  const row = await db
    .updateTable('users')
    .set({
      sign_in_seq: sql<number>`sign_in_seq + 1`,
      failed_sign_ins: count,
      locked_until: sql<string | null>`(case when ${count} >= ${options.maxFailures} then ${lockUntil}
        when ${lockRanOut} then null else locked_until end)`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('sign_in_seq')
    .executeTakeFirst();
  return row?.sign_in_seq;
}

/**
 * After a successful sign-in (attempt number `attempt`): clears the failures that arrived before it
 * and its own count, never those that arrived after it; the lock goes only when what remains is
 * under the threshold.
 */
export async function clearSignInsBefore(
  db: Executor,
  userId: string,
  attempt: number,
  options: { maxFailures: number },
): Promise<void> {
  const later = sql<number>`(case when failed_sign_ins < sign_in_seq - ${attempt}
    then failed_sign_ins else sign_in_seq - ${attempt} end)`;
  await db
    .updateTable('users')
    .set({
      failed_sign_ins: later,
      locked_until: sql<string | null>`(case when ${later} >= ${options.maxFailures} then locked_until else null end)`,
    })
    .where('id', '=', userId)
    .execute();
}

/** The display names of some users of an organisation, by id (ids of other organisations are left out). */
export async function userNames(
  db: Executor,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

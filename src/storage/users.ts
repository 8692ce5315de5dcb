/** Users, their credentials and their sign-in failure counters. */
import { randomUUID } from 'node:crypto';
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

function toUser(row: UsersTable): User {
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
  const row: UsersTable = {
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
 * Counts a failed sign-in atomically; locks the account for `lockMs` once `maxFailures` is reached.
 * Returns the new failure count.
 */
export async function recordFailedSignIn(
  db: Executor,
  userId: string,
  options: { now: Date; maxFailures: number; lockMs: number },
): Promise<number> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .execute();
  const row = await db.selectFrom('users').select('failed_sign_ins').where('id', '=', userId).executeTakeFirstOrThrow();
  if (row.failed_sign_ins >= options.maxFailures) {
    await db
      .updateTable('users')
      .set({ locked_until: new Date(options.now.getTime() + options.lockMs).toISOString(), failed_sign_ins: 0 })
      .where('id', '=', userId)
      .execute();
  }
  return row.failed_sign_ins;
}

export async function clearFailedSignIns(db: Executor, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', userId).execute();
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

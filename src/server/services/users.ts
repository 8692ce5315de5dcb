/** An admin manages the users of their own organisation; every change is audited. */
import { AppError, invalidInput } from '../../core/errors.js';
import type { Executor } from '../../storage/executor.js';
import type { Role, User } from '../../storage/records.js';
import { deleteSessionsOfUser } from '../../storage/sessions.js';
import { EmailInUseError, insertUser, listUsers, updateUser } from '../../storage/users.js';
import { recordAudit } from '../audit.js';
import { passwordProblem } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import type { RequestContext } from '../context.js';

export function listOrganizationUsers(db: Executor, context: RequestContext): Promise<User[]> {
  return listUsers(db, context.actor.organizationId);
}

export async function createUser(
  db: Executor,
  context: RequestContext,
  input: { email: string; displayName: string; role: Role; password: string },
): Promise<User> {
  const problem = await passwordProblem(input.password, { email: input.email });
  if (problem !== undefined) throw invalidInput([{ path: 'password', message: problem }]);
  const passwordHash = await hashPassword(input.password);
  try {
    // No look-up first: only the unique email sees a creation of the same email still in progress.
    return await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, {
        organizationId: context.actor.organizationId,
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        now: context.now.toISOString(),
      });
      await recordAudit(trx, context, [
        { action: 'user.create', resourceType: 'user', resourceId: user.id, clientId: null },
      ]);
      return user;
    });
  } catch (error) {
    if (error instanceof EmailInUseError) {
      throw new AppError('conflict', 'A user with this email already exists.', [
        { path: 'email', message: 'already in use' },
      ]);
    }
    throw error;
  }
}

export async function changeUser(
  db: Executor,
  context: RequestContext,
  id: string,
  patch: { role?: Role | undefined; disabled?: boolean | undefined; displayName?: string | undefined },
): Promise<User> {
  if (id === context.actor.userId && (patch.role === 'clinician' || patch.disabled === true)) {
    // An organisation must not lose its last way in by an admin locking themself out.
    throw new AppError('conflict', 'You cannot remove your own admin role or disable your own account.');
  }
  const user = await db.transaction().execute(async (trx) => {
    const updated = await updateUser(trx, context.actor.organizationId, id, {
      ...patch,
      now: context.now.toISOString(),
    });
    if (updated) {
      if (patch.disabled === true) await deleteSessionsOfUser(trx, id);
      await recordAudit(trx, context, [
        { action: 'user.update', resourceType: 'user', resourceId: id, clientId: null },
      ]);
    }
    return updated;
  });
  if (!user) throw new AppError('not_found', 'No user with this id in your organisation.');
  return user;
}

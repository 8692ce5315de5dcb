/**
 * An admin manages the users of their own organisation; every change is audited. A user can be
 * added without a password: the admin gets a one-time link (single use, expiring, kept only as a
 * hash like the share codes) and the new user chooses their own password with it.
 */
import { formatDateTime } from '../../core/time-zone.js';
import { AppError, invalidInput } from '../../core/errors.js';
import { insertAuditEvents } from '../../storage/audit.js';
import type { Executor } from '../../storage/executor.js';
import { getOrganization } from '../../storage/organizations.js';
import type { Role, User } from '../../storage/records.js';
import { deleteSessionsOfUser } from '../../storage/sessions.js';
import {
  findSetPasswordLink,
  insertSetPasswordLink,
  latestSetPasswordLinks,
  type SetPasswordLink,
  useSetPasswordLink,
} from '../../storage/set-password-links.js';
import {
  countActiveAdmins,
  EmailInUseError,
  getUser,
  insertUser,
  listUsers,
  lockOrganizationUsers,
  setUserPassword,
  updateUser,
} from '../../storage/users.js';
import { type AuditFact, recordAudit } from '../audit.js';
import { passwordProblem } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import type { RequestContext } from '../context.js';
import { codeHashOf, looksLikeCode, newShareCode } from '../share-codes.js';

/** How long a set-password link works: long enough for a weekend, short enough to be worth little if lost. */
export const SET_PASSWORD_LINK_HOURS = 72;
const HOUR_MS = 3_600_000;

/** A user with the newest set-password link they have not used yet, if any. */
export interface ManagedUser {
  user: User;
  waitingLink: SetPasswordLink | null;
}

/** A link just made: its code is in the answer once, and never again. */
export interface IssuedLink {
  code: string;
  expiresAt: string;
}

function waiting(link: SetPasswordLink | undefined): SetPasswordLink | null {
  return link && link.usedAt === null && link.revokedAt === null ? link : null;
}

export async function listOrganizationUsers(db: Executor, context: RequestContext): Promise<ManagedUser[]> {
  const organizationId = context.actor.organizationId;
  const [users, links] = await Promise.all([listUsers(db, organizationId), latestSetPasswordLinks(db, organizationId)]);
  return users.map((user) => ({ user, waitingLink: waiting(links.get(user.id)) }));
}

/** Where a set-password link opens, after the public address: the workspace's set-password page. */
export function setPasswordLinkPath(code: string): string {
  return `/app#/set-password/${code}`;
}

/**
 * Makes a one-time set-password link for a user (only its hash is stored); the caller audits it.
 * The workspace and `stepdown users create --set-password-link` both make links this way.
 */
export async function makeSetPasswordLink(
  trx: Executor,
  input: { organizationId: string; userId: string; createdBy: string; now: Date },
): Promise<{ issued: IssuedLink; link: SetPasswordLink }> {
  const code = newShareCode();
  const expiresAt = new Date(input.now.getTime() + SET_PASSWORD_LINK_HOURS * HOUR_MS).toISOString();
  const link = await insertSetPasswordLink(trx, {
    organizationId: input.organizationId,
    userId: input.userId,
    codeHash: codeHashOf(code),
    createdBy: input.createdBy,
    now: input.now.toISOString(),
    expiresAt,
  });
  return { issued: { code, expiresAt }, link };
}

async function issueLink(
  trx: Executor,
  context: RequestContext,
  userId: string,
): Promise<{ issued: IssuedLink; link: SetPasswordLink }> {
  const made = await makeSetPasswordLink(trx, {
    organizationId: context.actor.organizationId,
    userId,
    createdBy: context.actor.userId,
    now: context.now,
  });
  await recordAudit(trx, context, [
    { action: 'user.set-password-link', resourceType: 'user', resourceId: userId, clientId: null },
  ]);
  return made;
}

/**
 * Adds a user. With a password, it must pass the password policy; without one, the account gets a
 * password nobody knows and the answer carries a one-time link for the user to choose theirs.
 */
export async function createUser(
  db: Executor,
  context: RequestContext,
  input: { email: string; displayName: string; role: Role; password?: string | undefined },
): Promise<ManagedUser & { issued: IssuedLink | null }> {
  if (input.password !== undefined) {
    const problem = await passwordProblem(input.password, { email: input.email });
    if (problem !== undefined) throw invalidInput([{ path: 'password', message: problem }]);
  }
  // Without a password, a random one nobody is told: the account opens only through the link.
  const passwordHash = await hashPassword(input.password ?? newShareCode());
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
      if (input.password !== undefined) return { user, waitingLink: null, issued: null };
      const { issued, link } = await issueLink(trx, context, user.id);
      return { user, waitingLink: link, issued };
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

/**
 * A new set-password link for a user of the organisation (a lost or expired link, or a forgotten
 * password): earlier unused links stop working. Refused for a disabled account.
 */
export async function newSetPasswordLink(db: Executor, context: RequestContext, userId: string): Promise<IssuedLink> {
  const issued = await db.transaction().execute(async (trx) => {
    const user = await getUser(trx, userId);
    if (!user || user.organizationId !== context.actor.organizationId) return undefined;
    if (user.disabled) {
      throw new AppError('conflict', 'This account is disabled. Enable it first, then make a new link.');
    }
    return (await issueLink(trx, context, userId)).issued;
  });
  if (!issued) throw new AppError('not_found', 'No user with this id in your organisation.');
  return issued;
}

const LAST_ADMIN =
  'This change would leave the clinic with no admin who can sign in. Keep at least one admin account enabled.';

/**
 * Changes a user's name, role or account. Refused (409) when it would leave the organisation with no
 * admin who can sign in: an admin's own role or account, or the last other admin's.
 */
export async function changeUser(
  db: Executor,
  context: RequestContext,
  id: string,
  patch: { role?: Role | undefined; disabled?: boolean | undefined; displayName?: string | undefined },
): Promise<ManagedUser> {
  if (id === context.actor.userId && (patch.role === 'clinician' || patch.disabled === true)) {
    // An organisation must not lose its last way in by an admin locking themself out.
    throw new AppError(
      'conflict',
      'You cannot remove your own admin role or disable your own account: another admin must, so the clinic always keeps an admin who can sign in.',
    );
  }
  const user = await db.transaction().execute(async (trx) => {
    await lockOrganizationUsers(trx, context.actor.organizationId);
    const before = await getUser(trx, id);
    const updated = await updateUser(trx, context.actor.organizationId, id, {
      ...patch,
      now: context.now.toISOString(),
    });
    // Two admins disabling or demoting each other at once would each pass the check above; taking
    // turns on the organisation, the second sees the first's change here, and is refused.
    const removesAnAdmin = patch.role === 'clinician' || patch.disabled === true;
    if (updated && removesAnAdmin && (await countActiveAdmins(trx, context.actor.organizationId)) === 0) {
      throw new AppError('conflict', LAST_ADMIN);
    }
    if (updated) {
      // A disabled user is signed out everywhere at once, not at their next request.
      if (patch.disabled === true) await deleteSessionsOfUser(trx, id);
      const facts: AuditFact[] = [{ action: 'user.update', resourceType: 'user', resourceId: id, clientId: null }];
      if (patch.disabled !== undefined && before?.disabled !== patch.disabled) {
        facts.push({
          action: patch.disabled ? 'user.disable' : 'user.enable',
          resourceType: 'user',
          resourceId: id,
          clientId: null,
        });
      }
      await recordAudit(trx, context, facts);
    }
    return updated;
  });
  if (!user) throw new AppError('not_found', 'No user with this id in your organisation.');
  const links = await latestSetPasswordLinks(db, context.actor.organizationId);
  return { user, waitingLink: waiting(links.get(user.id)) };
}

/** Where an anonymous request came from. */
export interface LinkRequest {
  ip: string;
  requestId: string;
  now: Date;
}

const LINK_UNKNOWN =
  'This link does not work. Check that you copied all of it, or ask your administrator for a new one.';

/**
 * The user a working link is for, or a problem saying in words why it does not work (used, expired,
 * replaced by a newer one, or the account is disabled). Never a different answer for a code that
 * does not exist and one that is malformed.
 */
async function workingLink(
  db: Executor,
  code: string,
  now: Date,
): Promise<{ link: SetPasswordLink; user: User } | { problem: AppError; link?: SetPasswordLink }> {
  const link = looksLikeCode(code) ? await findSetPasswordLink(db, codeHashOf(code)) : undefined;
  const user = link ? await getUser(db, link.userId) : undefined;
  if (!link || !user) return { problem: new AppError('not_found', LINK_UNKNOWN) };
  const refuse = (message: string) => ({ problem: new AppError('not_found', message), link });
  if (link.usedAt !== null) {
    return refuse(
      'This link has been used already: it works once. Sign in with the password you chose, or ask your administrator for a new link.',
    );
  }
  if (link.revokedAt !== null) {
    return refuse(
      'A newer link was made for this account, so this one no longer works. Use the newest link you were sent.',
    );
  }
  if (Date.parse(link.expiresAt) <= now.getTime()) {
    const organization = await getOrganization(db, link.organizationId);
    const when = formatDateTime(link.expiresAt, organization?.timeZone ?? 'UTC');
    return refuse(`This link stopped working on ${when}. Ask your administrator for a new one.`);
  }
  if (user.disabled) return refuse('This account is disabled. Ask your administrator.');
  return { link, user };
}

/** Records a set-password attempt that a link did not allow, in the log of the organisation it belongs to. */
async function recordRefusedLink(db: Executor, request: LinkRequest, link: SetPasswordLink | undefined): Promise<void> {
  await insertAuditEvents(db, [
    {
      at: request.now.toISOString(),
      organizationId: link?.organizationId ?? null,
      actorUserId: null,
      actorKind: 'anonymous',
      action: 'user.set-password',
      resourceType: 'user',
      resourceId: link?.userId ?? null,
      clientId: null,
      outcome: 'denied',
      ip: request.ip,
      requestId: request.requestId,
    },
  ]);
}

/** Whose account a link opens, for the set-password page; a link that does not work says why. */
export async function checkSetPasswordLink(
  db: Executor,
  code: string,
  now: Date,
): Promise<{ user: User; expiresAt: string }> {
  const found = await workingLink(db, code, now);
  if ('problem' in found) throw found.problem;
  return { user: found.user, expiresAt: found.link.expiresAt };
}

/**
 * Sets the password of the link's user, once: the password must pass the policy, the link is used
 * up in the same transaction as the new hash (two pages sending at once: one wins, the other is told
 * the link was used), the user's other sessions end, and it is audited as done by the user.
 */
export async function setPasswordWithLink(
  db: Executor,
  request: LinkRequest & { code: string; password: string },
): Promise<User> {
  const found = await workingLink(db, request.code, request.now);
  if ('problem' in found) {
    await recordRefusedLink(db, request, found.link);
    throw found.problem;
  }
  const { link, user } = found;
  const problem = await passwordProblem(request.password, { email: user.email });
  if (problem !== undefined) throw invalidInput([{ path: 'password', message: problem }]);
  const passwordHash = await hashPassword(request.password);
  const now = request.now.toISOString();
  const done = await db.transaction().execute(async (trx) => {
    if (!(await useSetPasswordLink(trx, link.id, now))) return false;
    await setUserPassword(trx, user.id, passwordHash, now);
    await deleteSessionsOfUser(trx, user.id);
    await insertAuditEvents(trx, [
      {
        at: now,
        organizationId: user.organizationId,
        actorUserId: user.id,
        actorKind: 'user',
        action: 'user.set-password',
        resourceType: 'user',
        resourceId: user.id,
        clientId: null,
        outcome: 'success',
        ip: request.ip,
        requestId: request.requestId,
      },
    ]);
    return true;
  });
  if (!done) {
    // Used (or expired) between the check and now: say which, as a fresh look sees it.
    const again = await workingLink(db, request.code, request.now);
    await recordRefusedLink(db, request, link);
    throw 'problem' in again ? again.problem : new AppError('not_found', LINK_UNKNOWN);
  }
  return user;
}

/**
 * Signing in and out. A wrong password, an unknown email, a disabled or a locked account all get the
 * same answer after the same amount of work, so the sign-in form cannot be used to find accounts.
 */
import { AppError } from '../../core/errors.js';
import { insertAuditEvents } from '../../storage/audit.js';
import type { Executor } from '../../storage/executor.js';
import type { Session, User } from '../../storage/records.js';
import { deleteSession, insertSession } from '../../storage/sessions.js';
import { clearFailedSignIns, findCredentialsByEmail, recordFailedSignIn } from '../../storage/users.js';
import { ABSOLUTE_TIMEOUT_MS } from '../access.js';
import { verifyPassword } from '../auth/passwords.js';
import { newToken, sessionIdOf } from '../auth/tokens.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface SignInDeps {
  db: Executor;
  secret: Buffer;
  /** Verified when the email is unknown, to spend the same time as a real check. */
  decoyHash: Promise<string>;
}

export interface SignedIn {
  user: User;
  session: Session;
  /** The cookie value; only its keyed hash is stored. */
  token: string;
}

const FAILED = 'The email or password is wrong, or the account is locked for a while. Try again later.';

export async function signIn(
  deps: SignInDeps,
  input: { email: string; password: string; ip: string; requestId: string; now: Date },
): Promise<SignedIn> {
  const credentials = await findCredentialsByEmail(deps.db, input.email);
  const audit = (outcome: 'success' | 'failure', user: User | undefined): Promise<void> =>
    insertAuditEvents(deps.db, [
      {
        at: input.now.toISOString(),
        organizationId: user?.organizationId ?? null,
        actorUserId: user?.id ?? null,
        actorKind: user ? 'user' : 'anonymous',
        action: 'auth.sign-in',
        resourceType: 'session',
        resourceId: null,
        clientId: null,
        outcome,
        ip: input.ip,
        requestId: input.requestId,
      },
    ]);

  if (!credentials) {
    await verifyPassword(await deps.decoyHash, input.password);
    await audit('failure', undefined);
    throw new AppError('invalid_credentials', FAILED);
  }
  const passwordOk = await verifyPassword(credentials.passwordHash, input.password);
  const locked = credentials.lockedUntil !== null && Date.parse(credentials.lockedUntil) > input.now.getTime();
  if (!passwordOk || locked || credentials.user.disabled) {
    if (!passwordOk && !locked) {
      await recordFailedSignIn(deps.db, credentials.user.id, {
        now: input.now,
        maxFailures: MAX_FAILED_SIGN_INS,
        lockMs: LOCKOUT_MS,
      });
    }
    await audit('failure', credentials.user);
    throw new AppError('invalid_credentials', FAILED);
  }

  await clearFailedSignIns(deps.db, credentials.user.id);
  const token = newToken();
  const now = input.now.toISOString();
  const session: Session = {
    id: sessionIdOf(token, deps.secret),
    userId: credentials.user.id,
    csrfToken: newToken(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(input.now.getTime() + ABSOLUTE_TIMEOUT_MS).toISOString(),
  };
  await insertSession(deps.db, session);
  await audit('success', credentials.user);
  return { user: credentials.user, session, token };
}

export async function signOut(
  db: Executor,
  input: { session: Session; user: User; ip: string; requestId: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, input.session.id);
    await insertAuditEvents(trx, [
      {
        at: input.now.toISOString(),
        organizationId: input.user.organizationId,
        actorUserId: input.user.id,
        actorKind: 'user',
        action: 'auth.sign-out',
        resourceType: 'session',
        resourceId: null,
        clientId: null,
        outcome: 'success',
        ip: input.ip,
        requestId: input.requestId,
      },
    ]);
  });
}

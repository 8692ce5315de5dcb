/**
 * Signing in and out. A wrong password, an unknown email, a disabled or a locked account all get the
 * same answer after the same amount of work, so the sign-in form cannot be used to find accounts.
 */
import { AppError } from '../../core/errors.js';
import { insertAuditEvents } from '../../storage/audit.js';
import type { Executor } from '../../storage/executor.js';
import type { NewAuditEvent, Session, User } from '../../storage/records.js';
import { deleteSession, insertSession } from '../../storage/sessions.js';
import { admitSignInAttempt, clearSignInsBefore, findCredentialsByEmail } from '../../storage/users.js';
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
  input: {
    email: string;
    password: string;
    ip: string;
    requestId: string;
    now: Date;
    /** The session the caller is signed in with, if any: it ends, so a new sign-in always rotates. */
    previousSessionId?: string | undefined;
  },
): Promise<SignedIn> {
  const credentials = await findCredentialsByEmail(deps.db, input.email);
  const audit = (outcome: 'success' | 'failure', user: User | undefined): NewAuditEvent => ({
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
  });
  const refuse = async (user: User | undefined): Promise<never> => {
    await deps.db.transaction().execute((trx) => insertAuditEvents(trx, [audit('failure', user)]));
    throw new AppError('invalid_credentials', FAILED);
  };

  if (!credentials) {
    await verifyPassword(await deps.decoyHash, input.password);
    return refuse(undefined);
  }
  // Counted before the password is checked: the database refuses it once the account is locked,
  // however many attempts are being checked at the same moment, here or in another process.
  const attempt = await admitSignInAttempt(deps.db, credentials.user.id, {
    now: input.now,
    maxFailures: MAX_FAILED_SIGN_INS,
    lockMs: LOCKOUT_MS,
  });
  // A refused attempt costs as much time as a checked one, so the answer does not tell them apart.
  const passwordOk = await verifyPassword(
    attempt === undefined ? await deps.decoyHash : credentials.passwordHash,
    input.password,
  );
  if (attempt === undefined || !passwordOk || credentials.user.disabled) return refuse(credentials.user);

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
  const user = credentials.user;
  // All or nothing: the new session, the end of the old one, the cleared failures and the audit event.
  await deps.db.transaction().execute(async (trx) => {
    if (input.previousSessionId !== undefined) await deleteSession(trx, input.previousSessionId);
    await clearSignInsBefore(trx, user.id, attempt, { maxFailures: MAX_FAILED_SIGN_INS });
    await insertSession(trx, session);
    await insertAuditEvents(trx, [audit('success', user)]);
  });
  return { user, session, token };
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

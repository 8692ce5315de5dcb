/**
 * The CDS Hooks tokens already used, so each works once: kept in the database, not in a process's
 * memory, so a token is refused on every server process sharing the database and after a restart.
 * Ids are the SHA-256 of issuer and jti; a row is kept until its token has expired.
 */
import { createHash } from 'node:crypto';
import type { Executor } from './executor.js';

/** How often, at most, expired rows are removed. */
const SWEEP_INTERVAL_MS = 60 * 1000;
let lastSweep = 0;

/**
 * Records the first use of a token; answers false when it was used before (here or on another
 * process). `forgetBefore` is the time before which expired tokens can no longer be presented.
 */
export async function claimCdsToken(
  db: Executor,
  token: { issuer: string; jti: string; expiresAt: Date },
  forgetBefore: Date,
): Promise<boolean> {
  const id = createHash('sha256').update(`${token.issuer}\n${token.jti}`).digest('base64url');
  const inserted = await db
    .insertInto('cds_token_uses')
    .values({ id, expires_at: token.expiresAt.toISOString() })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .executeTakeFirst();
  if (Date.now() - lastSweep > SWEEP_INTERVAL_MS) {
    lastSweep = Date.now();
    await db.deleteFrom('cds_token_uses').where('expires_at', '<', forgetBefore.toISOString()).execute();
  }
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}

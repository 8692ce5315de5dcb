/**
 * Per-key request counts in fixed windows, kept in the database so that every server process shares
 * them and a restart does not reset them. One statement counts a request, so parallel requests are
 * each counted once.
 */
import { sql } from 'kysely';
import type { Executor } from './executor.js';

export interface RateLimitCount {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** When the current window ends (ISO 8601). */
  expiresAt: string;
}

/** Counts one request for `key`; a window that has ended starts again at 1. */
export async function countRequest(
  db: Executor,
  key: string,
  options: { now: Date; windowMs: number },
): Promise<RateLimitCount> {
  const now = options.now.toISOString();
  const expiresAt = new Date(options.now.getTime() + options.windowMs).toISOString();
  const ended = sql<boolean>`rate_limits.expires_at <= ${now}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, expires_at: expiresAt })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        hits: sql<number>`(case when ${ended} then 1 else rate_limits.hits + 1 end)`,
        expires_at: sql<string>`(case when ${ended} then ${expiresAt} else rate_limits.expires_at end)`,
      }),
    )
    .returning(['hits', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, expiresAt: row.expires_at };
}

/** Removes the counts whose window has ended; returns how many. */
export async function deleteEndedRateLimits(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * A store for @fastify/rate-limit that keeps its counts in the database (rate_limits), so every
 * server process on one database shares the per-address limits and a restart does not reset them.
 * Each route counts on its own: the key is the route and the client's address.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Executor } from '../storage/executor.js';
import { countRequest } from '../storage/rate-limits.js';

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];
type ChildParams = Parameters<FastifyRateLimitStore['child']>[0];

/**
 * The route a store's `child` is made for. Its type says route options; at run time the plugin
 * passes the route's limit settings, with the route options as `routeInfo`.
 */
function routeScope(params: ChildParams): string {
  const info: unknown = 'routeInfo' in params ? params.routeInfo : params;
  const { method, url } = (info ?? {}) as { method?: string | string[]; url?: string };
  return `${Array.isArray(method) ? method.join(',') : (method ?? '')} ${url ?? ''}`;
}

/** The store class for @fastify/rate-limit's `store` option, counting with this database and clock. */
export function databaseRateLimitStore(db: Executor, clock: () => Date): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly #scope: string;

    constructor(_params: unknown, scope = '') {
      this.#scope = scope;
    }

    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      const now = clock();
      countRequest(db, `${this.#scope}|${key}`, { now, windowMs: timeWindow }).then(
        (count) =>
          callback(null, { current: count.hits, ttl: Math.max(0, Date.parse(count.expiresAt) - now.getTime()) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(params: ChildParams): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(params, routeScope(params));
    }
  }
  return DatabaseRateLimitStore;
}

/**
 * What a request carries through the server once authenticated, and the route declarations the
 * access-control hook enforces. Every route declares who may call it; a route without a declaration
 * is refused at start-up.
 */
import type { Role, Session, User } from '../storage/records.js';
import type { PublicAddress } from './public-url.js';

/**
 * Who may call a route: anyone, any signed-in user, an admin of the organisation, or a configured
 * CDS client (an EHR) with a signed token and no session.
 */
export type Access = 'public' | 'signed-in' | 'admin' | 'cds-client';

export interface Actor {
  user: User;
  session: Session;
  /** The organisation's IANA time zone: the calendar every date the user reads or fills in is in. */
  timeZone: string;
}

/** The plain facts a service needs about the caller and the request, without Fastify types. */
export interface RequestContext {
  actor: { userId: string; organizationId: string; role: Role };
  ip: string;
  requestId: string;
  now: Date;
  /** The organisation's IANA time zone: what "today" and every time shown mean. */
  timeZone: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The address users and EHRs use (STEPDOWN_PUBLIC_URL, or where the server listens). */
    publicAddress(): PublicAddress;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** On a `cds-client` route, the EHR whose token was accepted. */
    cdsClient: { iss: string; sub: string; organizationId: string | null } | null;
    /** The database's commit mark when the request arrived (see DatabaseHandle.settled). */
    commitMark: number;
  }
}

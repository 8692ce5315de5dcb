/**
 * The CDS clients (EHRs) allowed to call Stepdown's CDS Hooks services, and the check of the signed
 * token each call carries (CDS Hooks 2.0, "Trusting CDS Clients"). The clients and their public keys
 * are configured in a file named by STEPDOWN_CDS_CLIENTS; keys are never fetched at run time, so no
 * call leaves the server and a client's keys change only when the operator changes the file.
 */
import { createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { parseWith, type FieldIssue } from '../../core/validation.js';
import type { Executor } from '../../storage/executor.js';
import { findOrganizationByName } from '../../storage/organizations.js';

/** The signature algorithms CDS Hooks asks services to accept. */
const ALGORITHMS = { ES384: 'ec', RS384: 'rsa' } as const;
type Algorithm = keyof typeof ALGORITHMS;

/** A token may live at most five minutes (CDS Hooks); clocks may differ by this much. */
const MAX_LIFETIME_S = 5 * 60;
const CLOCK_SKEW_S = 60;

export interface CdsClientKey {
  kid: string | undefined;
  key: KeyObject;
}

export interface CdsClient {
  /** The issuer the client signs its tokens as. */
  iss: string;
  keys: CdsClientKey[];
  /** The clinic the EHR belongs to, by name, as the file gives it. */
  organization?: string | undefined;
  /** That clinic's id once resolved (resolveCdsOrganizations): its audit log records the EHR's calls. */
  organizationId?: string | null | undefined;
}

const ClientsFileSchema = z.strictObject({
  clients: z
    .array(
      z.strictObject({
        iss: z.string().min(1),
        organization: z.string().min(1).optional(),
        jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }),
      }),
    )
    .min(1),
});

export class CdsClientsError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
    this.name = 'CdsClientsError';
  }
}

/** Reads the clients file; every problem is named by its path in the file. */
export function loadCdsClients(file: string): CdsClient[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CdsClientsError([
      { path: '', message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code})` },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CdsClientsError([{ path: '', message: `${file} is not JSON` }]);
  }
  const parsed = parseWith(ClientsFileSchema, json);
  if (!parsed.ok) throw new CdsClientsError(parsed.issues);
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const clients = parsed.value.clients.map((client, index) => {
    if (seen.has(client.iss)) issues.push({ path: `clients.${index}.iss`, message: 'is listed twice' });
    seen.add(client.iss);
    const keys = client.jwks.keys.flatMap((jwk, keyIndex): CdsClientKey[] => {
      const path = `clients.${index}.jwks.keys.${keyIndex}`;
      if ('d' in jwk) {
        issues.push({ path, message: 'is a private key: give only the public key' });
        return [];
      }
      try {
        const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
        if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'secp384r1') {
          issues.push({ path, message: 'an EC key must be on the P-384 curve (ES384)' });
          return [];
        }
        if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
          issues.push({ path, message: 'an RSA key must have at least 2048 bits' });
          return [];
        }
        if (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'rsa') {
          issues.push({ path, message: 'must be an EC (ES384) or RSA (RS384) key' });
          return [];
        }
        return [{ kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, key }];
      } catch {
        issues.push({ path, message: 'is not a valid public JSON Web Key' });
        return [];
      }
    });
    return { iss: client.iss, keys, organization: client.organization };
  });
  if (issues.length > 0) throw new CdsClientsError(issues);
  return clients;
}

/**
 * Finds the clinic each client names, so its calls are written to that clinic's audit log, where its
 * admins read them; a name the database does not hold is a configuration error.
 */
export async function resolveCdsOrganizations(db: Executor, clients: readonly CdsClient[]): Promise<CdsClient[]> {
  const issues: FieldIssue[] = [];
  const resolved = await Promise.all(
    clients.map(async (client, index) => {
      if (client.organization === undefined) return { ...client, organizationId: null };
      const organization = await findOrganizationByName(db, client.organization);
      if (!organization) {
        issues.push({
          path: `clients.${index}.organization`,
          message: `there is no organisation named "${client.organization}"`,
        });
      }
      return { ...client, organizationId: organization?.id ?? null };
    }),
  );
  if (issues.length > 0) throw new CdsClientsError(issues);
  return resolved;
}

function refuse(message: string): AppError {
  return new AppError('unauthenticated', message, [], 'headers');
}

function decodePart(part: string, name: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Worded below.
  }
  throw refuse(`The bearer token's ${name} is not a JSON object.`);
}

export interface TokenCheck {
  clients: readonly CdsClient[];
  /** The address of the service being called: the token's `aud` must be it. */
  audience: string;
  now: Date;
}

/** A token whose signature, audience and times were accepted; `claimCdsToken` then makes sure it is used once. */
export interface VerifiedCdsToken {
  iss: string;
  sub: string;
  organizationId: string | null;
  jti: string;
  expiresAt: Date;
}

/** The refusal of a token presented a second time. */
export function replayedCdsToken(): AppError {
  return refuse('This token was used before: send a new one with each call.');
}

/** Used tokens are remembered until they could no longer be accepted anyway. */
export function forgetUsedTokensBefore(now: Date): Date {
  return new Date(now.getTime() - CLOCK_SKEW_S * 1000);
}

/**
 * Checks a CDS client's bearer token: a compact JWS signed with ES384 or RS384 by a configured
 * issuer's key, for this service's address, unexpired, at most five minutes long, and not used
 * before. Answers the issuer and subject; refuses with a 401 that says what was wrong.
 */
export function verifyCdsToken(authorization: string | undefined, check: TokenCheck): VerifiedCdsToken {
  if (check.clients.length === 0) {
    throw refuse('No CDS client is configured on this server: set STEPDOWN_CDS_CLIENTS.');
  }
  // The scheme's name is case-insensitive (RFC 9110 11.1).
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i.exec(authorization ?? '');
  if (!match) throw refuse('Send a signed JSON Web Token in the Authorization header: Bearer <token>.');
  const [, headerPart = '', payloadPart = '', signaturePart = ''] = match;
  const header = decodePart(headerPart, 'header');
  const claims = decodePart(payloadPart, 'payload');
  const alg = header.alg;
  if (typeof alg !== 'string' || !Object.hasOwn(ALGORITHMS, alg)) {
    throw refuse('The token must be signed with ES384 or RS384.');
  }
  const client = check.clients.find((candidate) => candidate.iss === claims.iss);
  if (!client) throw refuse('The token’s issuer (iss) is not a configured CDS client.');
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const keys = client.keys.filter(
    (candidate) =>
      candidate.key.asymmetricKeyType === ALGORITHMS[alg as Algorithm] && (kid === undefined || candidate.kid === kid),
  );
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  const valid = keys.some((candidate) =>
    verify(
      'sha384',
      signed,
      alg === 'ES384' ? { key: candidate.key, dsaEncoding: 'ieee-p1363' } : candidate.key,
      signature,
    ),
  );
  if (!valid) throw refuse('The token’s signature does not match the issuer’s configured keys.');

  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(check.audience)) throw refuse(`The token’s audience (aud) must be ${check.audience}.`);
  const now = Math.floor(check.now.getTime() / 1000);
  const { exp, iat, jti, sub } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw refuse('The token has no expiry (exp).');
  if (exp <= now - CLOCK_SKEW_S) throw refuse('The token has expired.');
  if (exp > now + MAX_LIFETIME_S + CLOCK_SKEW_S) throw refuse('The token must expire within five minutes.');
  if (typeof iat !== 'number' || iat > now + CLOCK_SKEW_S)
    throw refuse('The token’s issue time (iat) is missing or in the future.');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) throw refuse('The token has no id (jti).');
  return {
    iss: client.iss,
    sub: typeof sub === 'string' ? sub : '',
    organizationId: client.organizationId ?? null,
    jti,
    expiresAt: new Date(exp * 1000),
  };
}

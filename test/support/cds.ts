/**
 * A CDS client (an EHR) for tests: real ES384 and RS384 key pairs, a clients file naming their public
 * keys as STEPDOWN_CDS_CLIENTS expects, and tokens signed as an EHR signs them.
 */
import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CdsClient, loadCdsClients } from '../../src/server/cds/clients.js';

export const CDS_SERVICE_PATH = '/cds-services/stepdown-level-of-care';
export const EHR_ISSUER = 'https://ehr.example.org';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const EHR_KEYS = { ec, rsa };

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A folder for clients files; the caller removes it. */
export const cdsFolder = mkdtempSync(join(tmpdir(), 'stepdown-cds-'));

/** Writes a clients file (JSON, or text as given) into cdsFolder. */
export function writeClientsFile(name: string, content: unknown): string {
  const file = join(cdsFolder, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The file that lists the test EHR with both its keys. */
export const EHR_CLIENTS_FILE = writeClientsFile('clients.json', {
  clients: [
    {
      iss: EHR_ISSUER,
      jwks: {
        keys: [
          { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1' },
          { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1' },
        ],
      },
    },
  ],
});

export function ehrClients(): CdsClient[] {
  return loadCdsClients(EHR_CLIENTS_FILE);
}

export interface TokenOptions {
  alg?: 'ES384' | 'RS384';
  key?: KeyObject;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
}

/** A compact JWS for `audience` (the service's address) as the EHR makes it; options override the defaults. */
export function ehrToken(audience: string, options: TokenOptions = {}): string {
  const alg = options.alg ?? 'ES384';
  const now = Math.floor(Date.now() / 1000);
  const header = { alg, typ: 'JWT', kid: alg === 'ES384' ? 'ec-1' : 'rsa-1', ...options.header };
  const claims = {
    iss: EHR_ISSUER,
    sub: 'ehr-client',
    aud: audience,
    iat: now,
    exp: now + 120,
    jti: randomUUID(),
    ...options.claims,
  };
  const signed = `${base64url(header)}.${base64url(claims)}`;
  const key = options.key ?? (alg === 'ES384' ? ec.privateKey : rsa.privateKey);
  const signature = sign('sha384', Buffer.from(signed), alg === 'ES384' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${signed}.${signature.toString('base64url')}`;
}

/** A CDS Hooks request to the level-of-care service at discharge. */
export function hookRequest(prefetch?: Record<string, unknown>): Record<string, unknown> & { hookInstance: string } {
  return {
    hook: 'encounter-discharge',
    hookInstance: randomUUID(),
    fhirServer: 'https://ehr.example.org/fhir',
    context: { userId: 'Practitioner/123', patientId: 'patient-4711', encounterId: 'enc-9' },
    ...(prefetch === undefined ? {} : { prefetch }),
  };
}

/** CDS Hooks feedback on two cards: one accepted, one overridden with a variance reason the card offered. */
export function cdsFeedback(): { feedback: Array<Record<string, unknown>> } {
  const now = new Date().toISOString();
  return {
    feedback: [
      { card: randomUUID(), outcome: 'accepted', outcomeTimestamp: now },
      {
        card: randomUUID(),
        outcome: 'overridden',
        overrideReason: {
          reason: { system: 'https://stepdown.invalid/fhir/CodeSystem/variance-reason', code: 'client-preference' },
          userComment: 'Prefers evening groups',
        },
        outcomeTimestamp: now,
      },
    ],
  };
}

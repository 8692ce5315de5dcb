/**
 * Part 2 consents of a client. A consent that discloses a plan through a recipient link keeps only
 * the hash of the recipient's code. Revocation is a time stamp and who recorded it; a consent is
 * never deleted, so the record of what was allowed, and when, stays.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { Consent } from './records.js';
import type { ConsentsTable } from './schema.js';

function toConsent(row: ConsentsTable): Consent {
  return {
    id: row.id,
    organizationId: row.organization_id,
    clientId: row.client_id,
    planId: row.plan_id,
    scope: row.scope,
    consentType: row.consent_type,
    patientName: row.patient_name,
    discloser: row.discloser,
    information: row.information,
    recipientName: row.recipient_name,
    recipientRelationship: row.recipient_relationship,
    purpose: row.purpose,
    expiresAt: row.expires_at,
    revocationNotice: row.revocation_notice,
    signature: row.signature,
    signedBy: row.signed_by,
    representativeAuthority: row.representative_authority,
    signedAt: row.signed_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export type NewConsentRecord = Omit<Consent, 'id' | 'revokedAt' | 'revokedBy'> & { codeHash: string | null };

export async function insertConsent(db: Executor, input: NewConsentRecord): Promise<Consent> {
  const row: ConsentsTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    client_id: input.clientId,
    plan_id: input.planId,
    scope: input.scope,
    consent_type: input.consentType,
    patient_name: input.patientName,
    discloser: input.discloser,
    information: input.information,
    recipient_name: input.recipientName,
    recipient_relationship: input.recipientRelationship,
    purpose: input.purpose,
    expires_at: input.expiresAt,
    revocation_notice: input.revocationNotice,
    signature: input.signature,
    signed_by: input.signedBy,
    representative_authority: input.representativeAuthority,
    signed_at: input.signedAt,
    code_hash: input.codeHash,
    revoked_at: null,
    revoked_by: null,
    created_by: input.createdBy,
    created_at: input.createdAt,
  };
  await db.insertInto('consents').values(row).execute();
  return toConsent(row);
}

export async function getConsent(db: Executor, organizationId: string, id: string): Promise<Consent | undefined> {
  const row = await db
    .selectFrom('consents')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toConsent(row) : undefined;
}

/** The consent whose recipient code has this hash, in any state. */
export async function findConsentByCodeHash(db: Executor, codeHash: string): Promise<Consent | undefined> {
  const row = await db.selectFrom('consents').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  return row ? toConsent(row) : undefined;
}

/** Consents of a client, newest first. */
export async function listConsentsOfClient(db: Executor, organizationId: string, clientId: string): Promise<Consent[]> {
  const rows = await db
    .selectFrom('consents')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toConsent);
}

/**
 * Records a revocation; a consent already revoked keeps its first revocation. Returns the consent,
 * or undefined when it is not in the organisation.
 */
export async function revokeConsent(
  db: Executor,
  organizationId: string,
  id: string,
  input: { revokedBy: string; now: string },
): Promise<Consent | undefined> {
  await db
    .updateTable('consents')
    .set({ revoked_at: input.now, revoked_by: input.revokedBy })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return getConsent(db, organizationId, id);
}

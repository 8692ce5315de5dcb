/**
 * Part 2 consents and the disclosures they allow. A clinician records a signed consent (every
 * element of 42 CFR 2.31(a)); the recipient gets a code that opens exactly the scope the consent
 * names, of the plan it names, only while the consent is in force and the plan has a finalised
 * version. Revocation takes effect at once. Every record, list, revocation and disclosure (and
 * every refused disclosure) writes its audit event.
 */
import { AppError } from '../../core/errors.js';
import {
  CONSENT_MAX_DAYS,
  CONSENT_SCOPE_DESCRIPTIONS,
  type ConsentScope,
  consentEnd,
  consentStatus,
  type NewConsent,
} from '../../core/plans/consent.js';
import { addDays } from '../../core/plans/goal-templates.js';
import type { PlanDocument } from '../../core/plans/plan-schema.js';
import { calendarDate } from '../../core/time-zone.js';
import type { FieldIssue } from '../../core/validation.js';
import { getClient } from '../../storage/clients.js';
import {
  findConsentByCodeHash,
  insertConsent,
  listConsentsOfClient,
  revokeConsent as revokeConsentRow,
} from '../../storage/consents.js';
import type { Executor } from '../../storage/executor.js';
import { getOrganization } from '../../storage/organizations.js';
import { getLatestFinalVersion, getPlanVersion } from '../../storage/plans.js';
import type { Client, Consent, Organization, PlanVersion } from '../../storage/records.js';
import { type AnonymousContext, recordAnonymousAudit, recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { codeHashOf, looksLikeCode, newShareCode } from '../share-codes.js';
import { clientForChange, deniedClient } from './clients.js';
import { documentOf } from './plans.js';

export const CONSENT_NOT_FOUND = 'No consent with this id in your organisation.';

/** Date rules the schema cannot know: they depend on today. */
function dateProblems(consent: NewConsent, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (consent.signedOn > today) issues.push({ path: 'signedOn', message: 'cannot be in the future' });
  if (consent.expiresOn < today) issues.push({ path: 'expiresOn', message: 'must be today or later' });
  if (consent.expiresOn > addDays(consent.signedOn, CONSENT_MAX_DAYS)) {
    issues.push({ path: 'expiresOn', message: `must be within ${CONSENT_MAX_DAYS} days of the date signed` });
  }
  return issues;
}

/** Records a signed consent; returns it with the recipient's code (shown once, never stored). */
export async function createConsent(
  db: Executor,
  context: RequestContext,
  clientId: string,
  input: NewConsent,
): Promise<{ consent: Consent; code: string }> {
  const organizationId = context.actor.organizationId;
  const problems = dateProblems(input, calendarDate(context.now, context.timeZone));
  if (problems.length > 0) throw new AppError('invalid_input', 'Some dates are not valid.', problems);
  const code = newShareCode();
  const created = await db.transaction().execute(async (trx) => {
    // Revoking stays open for an archived client (it protects them); a new disclosure does not.
    if (!(await clientForChange(trx, organizationId, clientId, 'recording a consent'))) return undefined;
    const plan = await getPlanVersion(trx, organizationId, input.planId);
    if (!plan || plan.clientId !== clientId) {
      throw new AppError('invalid_input', 'The consent must name a plan of this client.', [
        { path: 'planId', message: 'no plan of this client has this id' },
      ]);
    }
    const consent = await insertConsent(trx, {
      organizationId,
      clientId,
      planId: input.planId,
      scope: input.scope,
      consentType: input.consentType,
      patientName: input.patientName,
      discloser: input.discloser,
      information: CONSENT_SCOPE_DESCRIPTIONS[input.scope].en,
      recipientName: input.recipient.name,
      recipientRelationship: input.recipient.relationship,
      purpose: input.purpose,
      expiresAt: consentEnd(input.expiresOn, context.timeZone),
      revocationNotice: input.revocation,
      signature: input.signature.name,
      signedBy: input.signature.signedBy,
      representativeAuthority: input.signature.representativeAuthority ?? null,
      signedAt: input.signedOn,
      createdBy: context.actor.userId,
      createdAt: context.now.toISOString(),
      codeHash: codeHashOf(code),
    });
    await recordAudit(trx, context, [
      { action: 'consent.create', resourceType: 'consent', resourceId: consent.id, clientId },
    ]);
    return consent;
  });
  if (!created) throw await deniedClient(db, context, 'consent.create', clientId);
  return { consent: created, code };
}

/** Consents of a client, newest first. */
export async function listConsents(db: Executor, context: RequestContext, clientId: string): Promise<Consent[]> {
  const organizationId = context.actor.organizationId;
  const items = await db.transaction().execute(async (trx) => {
    const client = await getClient(trx, organizationId, clientId);
    if (!client) return undefined;
    const consents = await listConsentsOfClient(trx, organizationId, clientId);
    await recordAudit(trx, context, [
      { action: 'consent.list', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return consents;
  });
  if (!items) throw await deniedClient(db, context, 'consent.list', clientId);
  return items;
}

/** Revokes a consent at once (a second revocation keeps the first time). */
export async function revokeConsent(db: Executor, context: RequestContext, consentId: string): Promise<Consent> {
  const organizationId = context.actor.organizationId;
  const revoked = await db.transaction().execute(async (trx) => {
    const consent = await revokeConsentRow(trx, organizationId, consentId, {
      revokedBy: context.actor.userId,
      now: context.now.toISOString(),
    });
    if (!consent) return undefined;
    await recordAudit(trx, context, [
      { action: 'consent.revoke', resourceType: 'consent', resourceId: consentId, clientId: consent.clientId },
    ]);
    return consent;
  });
  if (!revoked) {
    await recordAudit(db, context, [
      { action: 'consent.revoke', resourceType: 'consent', resourceId: consentId, clientId: null, outcome: 'denied' },
    ]);
    throw new AppError('not_found', CONSENT_NOT_FOUND);
  }
  return revoked;
}

/** What a recipient sees: the consent (for its scope and the notice) and the finalised plan. */
export interface Disclosure {
  consent: Consent;
  scope: ConsentScope;
  plan: PlanVersion;
  document: PlanDocument;
  client: Client;
  organization: Organization;
}

export type DisclosureResult =
  | { kind: 'found'; disclosure: Disclosure }
  | { kind: 'not-found' }
  /** Revoked or expired: the recipient is told it is no longer available. */
  | { kind: 'gone'; organization: Organization | null }
  /** In force, but the plan has no finalised version yet. */
  | { kind: 'not-ready'; organization: Organization | null };

function isScope(value: string | null): value is ConsentScope {
  return value === 'plan-summary' || value === 'full-plan';
}

async function openConsent(
  db: Executor,
  code: string,
  now: Date,
): Promise<{ result: DisclosureResult; consent?: Consent }> {
  if (!looksLikeCode(code)) return { result: { kind: 'not-found' } };
  const consent = await findConsentByCodeHash(db, codeHashOf(code));
  if (!consent || consent.planId === null || !isScope(consent.scope)) return { result: { kind: 'not-found' } };
  const organization = (await getOrganization(db, consent.organizationId)) ?? null;
  if (consentStatus(consent, now) !== 'active') return { result: { kind: 'gone', organization }, consent };
  const plan = await getLatestFinalVersion(db, consent.organizationId, consent.planId);
  const client = await getClient(db, consent.organizationId, consent.clientId);
  if (!plan || !client || !organization) return { result: { kind: 'not-ready', organization }, consent };
  return {
    result: {
      kind: 'found',
      disclosure: { consent, scope: consent.scope, plan, document: documentOf(plan), client, organization },
    },
    consent,
  };
}

/** Opens a recipient's code: the disclosure when the consent is in force, else why not; audited either way. */
export async function discloseByConsent(
  db: Executor,
  context: AnonymousContext,
  code: string,
): Promise<DisclosureResult> {
  return db.transaction().execute(async (trx) => {
    const { result, consent } = await openConsent(trx, code, context.now);
    await recordAnonymousAudit(trx, context, [
      {
        action: 'consent.disclose',
        resourceType: 'consent',
        resourceId: consent?.id ?? null,
        clientId: consent?.clientId ?? null,
        organizationId: consent?.organizationId ?? null,
        outcome: result.kind === 'found' ? 'success' : 'denied',
      },
    ]);
    return result;
  });
}

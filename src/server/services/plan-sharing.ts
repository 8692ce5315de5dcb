/**
 * The client's private link to their finalised plan. A clinician makes a code (which replaces any
 * earlier one) or turns sharing off; the client opens the plan on their phone with no account and
 * can record that they understand why it is recommended. Every view and acknowledgement is audited
 * as anonymous, with the client's id; a code that opens nothing is audited as denied.
 */
import { AppError } from '../../core/errors.js';
import type { WhatWouldChange } from '../../core/recommendation.js';
import type { PlanDocument } from '../../core/plans/plan-schema.js';
import { getClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import { getOrganization } from '../../storage/organizations.js';
import {
  findShareCode,
  insertAcknowledgement,
  insertShareCode,
  listAcknowledgements,
  revokeShareCodes,
} from '../../storage/plan-shares.js';
import { getLatestFinalVersion, getPlanVersion } from '../../storage/plans.js';
import type { Client, Organization, PlanAcknowledgement, PlanVersion } from '../../storage/records.js';
import { type AnonymousContext, recordAnonymousAudit, recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { codeHashOf, looksLikeCode, newShareCode } from '../share-codes.js';
import { clientForChange } from './clients.js';
import { deniedPlan, documentOf, whatWouldChangeOf } from './plans.js';

export interface NewShare {
  code: string;
  createdAt: string;
}

/** Makes a new share code for the plan's finalised version; earlier codes of the plan stop working. */
export async function createShare(db: Executor, context: RequestContext, planId: string): Promise<NewShare> {
  const organizationId = context.actor.organizationId;
  const code = newShareCode();
  const made = await db.transaction().execute(async (trx) => {
    const plan = await getPlanVersion(trx, organizationId, planId);
    if (!plan) return undefined;
    // Turning a link off stays open for an archived client (it protects them); a new link does not.
    await clientForChange(trx, organizationId, plan.clientId, 'making a link to their plan');
    if (plan.latestFinalVersion === null) {
      throw new AppError('conflict', 'Finalise the plan first: the client’s link shows the finalised plan.');
    }
    const now = context.now.toISOString();
    await revokeShareCodes(trx, organizationId, planId, { revokedBy: context.actor.userId, now });
    await insertShareCode(trx, {
      organizationId,
      planId,
      clientId: plan.clientId,
      codeHash: codeHashOf(code),
      createdBy: context.actor.userId,
      now,
    });
    await recordAudit(trx, context, [
      { action: 'plan.share.create', resourceType: 'plan', resourceId: planId, clientId: plan.clientId },
    ]);
    return { code, createdAt: now };
  });
  if (!made) throw await deniedPlan(db, context, 'plan.share.create', planId);
  return made;
}

/** Turns off every share code of a plan; returns how many were working. */
export async function revokeShare(db: Executor, context: RequestContext, planId: string): Promise<number> {
  const organizationId = context.actor.organizationId;
  const revoked = await db.transaction().execute(async (trx) => {
    const plan = await getPlanVersion(trx, organizationId, planId);
    if (!plan) return undefined;
    const count = await revokeShareCodes(trx, organizationId, planId, {
      revokedBy: context.actor.userId,
      now: context.now.toISOString(),
    });
    await recordAudit(trx, context, [
      { action: 'plan.share.revoke', resourceType: 'plan', resourceId: planId, clientId: plan.clientId },
    ]);
    return count;
  });
  if (revoked === undefined) throw await deniedPlan(db, context, 'plan.share.revoke', planId);
  return revoked;
}

/** What a share page shows: the finalised version, whose plan it is, and the clinic's contact details. */
export interface SharedPlan {
  plan: PlanVersion;
  document: PlanDocument;
  client: Client;
  organization: Organization;
  acknowledgements: PlanAcknowledgement[];
  /** What would change the recommendation the plan was made from (the client reads what fits their step). */
  whatWouldChange: WhatWouldChange[];
}

export type SharedPlanResult =
  | { kind: 'found'; shared: SharedPlan }
  | { kind: 'not-found' }
  /** Turned off or replaced: the page says so, with the clinic to call. */
  | { kind: 'gone'; organization: Organization | null };

/** Whose plan a code belongs to, for the audit event, even when it no longer opens it. */
interface CodeFacts {
  organizationId: string;
  clientId: string;
  planId: string;
}

/** Finds what a code opens, without auditing (the callers audit in their own transaction). */
async function openCode(db: Executor, code: string): Promise<{ result: SharedPlanResult; facts?: CodeFacts }> {
  if (!looksLikeCode(code)) return { result: { kind: 'not-found' } };
  const share = await findShareCode(db, codeHashOf(code));
  if (!share) return { result: { kind: 'not-found' } };
  const facts = { organizationId: share.organizationId, clientId: share.clientId, planId: share.planId };
  const organization = (await getOrganization(db, share.organizationId)) ?? null;
  if (share.revokedAt !== null) return { result: { kind: 'gone', organization }, facts };
  const plan = await getLatestFinalVersion(db, share.organizationId, share.planId);
  const client = await getClient(db, share.organizationId, share.clientId);
  if (!plan || !client || !organization) return { result: { kind: 'gone', organization }, facts };
  const acknowledgements = await listAcknowledgements(db, share.organizationId, share.planId);
  const document = documentOf(plan);
  const whatWouldChange = await whatWouldChangeOf(db, share.organizationId, document);
  return {
    result: { kind: 'found', shared: { plan, document, client, organization, acknowledgements, whatWouldChange } },
    facts,
  };
}

/** Opens a share code: the plan when it works, else why not; audited either way. */
export async function viewSharedPlan(db: Executor, context: AnonymousContext, code: string): Promise<SharedPlanResult> {
  return db.transaction().execute(async (trx) => {
    const { result, facts } = await openCode(trx, code);
    await recordAnonymousAudit(trx, context, [
      {
        action: 'plan.share.view',
        resourceType: 'plan',
        resourceId: facts?.planId ?? null,
        clientId: facts?.clientId ?? null,
        organizationId: facts?.organizationId ?? null,
        outcome: result.kind === 'found' ? 'success' : 'denied',
      },
    ]);
    return result;
  });
}

/** Records the client's acknowledgement from their share page. */
export async function acknowledgeSharedPlan(
  db: Executor,
  context: AnonymousContext,
  code: string,
  language: 'en' | 'es',
): Promise<SharedPlanResult> {
  return db.transaction().execute(async (trx) => {
    const { result, facts } = await openCode(trx, code);
    if (result.kind === 'found') {
      const { plan } = result.shared;
      const acknowledgement = await insertAcknowledgement(trx, {
        organizationId: plan.organizationId,
        planId: plan.planId,
        planVersion: plan.version,
        clientId: plan.clientId,
        via: 'share',
        recordedBy: null,
        language,
        now: context.now.toISOString(),
      });
      result.shared.acknowledgements.push(acknowledgement);
    }
    await recordAnonymousAudit(trx, context, [
      {
        action: 'plan.share.acknowledge',
        resourceType: 'plan',
        resourceId: facts?.planId ?? null,
        clientId: facts?.clientId ?? null,
        organizationId: facts?.organizationId ?? null,
        outcome: result.kind === 'found' ? 'success' : 'denied',
      },
    ]);
    return result;
  });
}

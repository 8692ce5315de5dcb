/**
 * A client's accounting of disclosures (42 CFR 2.24 and 2.25; HIPAA 45 CFR 164.528): every time
 * the clinic shared the client's records under a consent, read from the audit log (which records
 * each disclosure as it is made) and the consent each was made under, for the client's whole record.
 * Reading or printing it is itself audited.
 */
import type { DisclosedKind, DisclosureWay } from '../../core/plans/disclosure-words.js';
import { listDisclosureEvents } from '../../storage/audit.js';
import { getClient } from '../../storage/clients.js';
import { listConsentsOfClient } from '../../storage/consents.js';
import type { Executor } from '../../storage/executor.js';
import { getOrganization } from '../../storage/organizations.js';
import type { Client, Consent, Organization } from '../../storage/records.js';
import { userNames } from '../../storage/users.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { deniedClient } from './clients.js';

export interface Disclosure {
  at: string;
  kind: DisclosedKind;
  way: DisclosureWay;
  consent: Consent;
  /** The staff member who gave it, when one did. */
  disclosedBy: string | null;
}

export interface DisclosureAccounting {
  client: Client;
  organization: Organization;
  /** The span covered: from the client's first record to now. */
  from: string;
  to: string;
  /** Oldest first. */
  items: Disclosure[];
}

export type DisclosureReading = 'disclosures.read' | 'disclosures.export.pdf';

/** What a consent's recipient could see with their link. */
function scopeKind(consent: Consent): DisclosedKind {
  return consent.scope === 'full-plan' ? 'full-plan' : 'plan-summary';
}

/** The client's accounting of disclosures, audited as `action` (a read, or a PDF for the client). */
export async function accountingOfDisclosures(
  db: Executor,
  context: RequestContext,
  clientId: string,
  action: DisclosureReading,
): Promise<DisclosureAccounting> {
  const organizationId = context.actor.organizationId;
  const found = await db.transaction().execute(async (trx) => {
    const client = await getClient(trx, organizationId, clientId);
    const organization = await getOrganization(trx, organizationId);
    if (!client || !organization) return undefined;
    await recordAudit(trx, context, [{ action, resourceType: 'client', resourceId: clientId, clientId }]);
    const events = await listDisclosureEvents(trx, organizationId, clientId);
    const consents = new Map((await listConsentsOfClient(trx, organizationId, clientId)).map((c) => [c.id, c]));
    const names = await userNames(
      trx,
      organizationId,
      events.flatMap((event) => (event.actorUserId === null ? [] : [event.actorUserId])),
    );
    const items: Disclosure[] = [];
    for (const event of events) {
      const consent = event.resourceId === null ? undefined : consents.get(event.resourceId);
      if (!consent) continue;
      const byClinic = event.action === 'consent.use';
      // A colleague checking a recipient's link is recorded by name; nothing went to the recipient.
      if (!byClinic && event.actorKind !== 'anonymous') continue;
      items.push({
        at: event.at,
        kind: byClinic ? 'transition-summary' : scopeKind(consent),
        way: byClinic ? 'sent-by-clinic' : 'recipient-link',
        consent,
        disclosedBy: byClinic && event.actorUserId !== null ? (names.get(event.actorUserId) ?? null) : null,
      });
    }
    return { client, organization, from: client.createdAt, to: context.now.toISOString(), items };
  });
  if (!found) throw await deniedClient(db, context, 'disclosures.read', clientId);
  return found;
}

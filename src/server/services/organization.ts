/**
 * The signed-in user's organisation: its name and the contact details printed on every page and
 * document a client or recipient reads. Only an admin changes them, and each change is audited.
 */
import { AppError } from '../../core/errors.js';
import type { Executor } from '../../storage/executor.js';
import { getOrganization, type OrganizationPatch, updateOrganization } from '../../storage/organizations.js';
import type { Organization } from '../../storage/records.js';
import { isUniqueViolation } from '../../storage/unique-violation.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';

export async function readOrganization(db: Executor, context: RequestContext): Promise<Organization> {
  const organization = await getOrganization(db, context.actor.organizationId);
  // The session's user belongs to it, and organisations are never deleted.
  if (!organization) throw new Error('the signed-in user has no organisation');
  return organization;
}

export async function changeOrganization(
  db: Executor,
  context: RequestContext,
  patch: OrganizationPatch,
): Promise<Organization> {
  try {
    return await db.transaction().execute(async (trx) => {
      const organization = await updateOrganization(trx, context.actor.organizationId, patch);
      if (!organization) throw new Error('the signed-in user has no organisation');
      await recordAudit(trx, context, [
        { action: 'organization.update', resourceType: 'organization', resourceId: organization.id, clientId: null },
      ]);
      return organization;
    });
  } catch (error) {
    // The name is unique across organisations in its normalised form (no look-alikes); the
    // constraint decides, even against a rename in flight.
    if (isUniqueViolation(error, 'organizations', 'name') || isUniqueViolation(error, 'organizations', 'name_key')) {
      throw new AppError('conflict', 'Another organisation already has this name.', [
        { path: 'name', message: 'already taken' },
      ]);
    }
    throw error;
  }
}

/**
 * Referrals of clients to programs. Like client records: scoped by organisation, a referral or
 * client of another organisation is "not found" (audited as denied), and every read and change
 * writes its audit event in the same transaction.
 */
import type { AuditAction } from '../../core/audit-actions.js';
import { AppError } from '../../core/errors.js';
import type { Program } from '../../core/programs/program.js';
import {
  canChangeReferral,
  nextReferralStatuses,
  REFERRAL_STATUS_WORDS,
  type ReferralStatus,
} from '../../core/programs/referral.js';
import { calendarDate } from '../../core/time-zone.js';
import { getClient, lockClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import { getProgram } from '../../storage/programs.js';
import {
  type ChangeDetails,
  changeReferralStatus,
  findRecentReferral,
  getReferral,
  insertReferral,
  listReferralsOfClient,
  type Referral,
} from '../../storage/referrals.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { clientForChange, deniedClient } from './clients.js';

export const REFERRAL_NOT_FOUND = 'No referral with this id in your organisation.';

export interface ReferralWithProgram {
  referral: Referral;
  program: Pick<Program, 'id' | 'name' | 'setting'>;
}

async function withProgram(db: Executor, referral: Referral): Promise<ReferralWithProgram> {
  const stored = await getProgram(db, referral.programId);
  // Programs are never deleted; the fallback only keeps a damaged database readable.
  const program = stored?.program ?? {
    id: referral.programId,
    name: '(program no longer listed)',
    setting: 'op' as const,
  };
  return { referral, program: { id: program.id, name: program.name, setting: program.setting } };
}

async function deniedReferral(
  db: Executor,
  context: RequestContext,
  action: AuditAction,
  id: string,
): Promise<AppError> {
  await recordAudit(db, context, [
    { action, resourceType: 'referral', resourceId: id, clientId: null, outcome: 'denied' },
  ]);
  return new AppError('not_found', REFERRAL_NOT_FOUND);
}

/** How long the same referral request answers the first instead of making another. */
export const REPEAT_WINDOW_MS = 60_000;

/** A note and a day for a referral's step; the day may not be after the clinic's today. */
export interface StepInput {
  note?: string | null | undefined;
  effectiveOn?: string | null | undefined;
}

function stepDetails(input: StepInput, context: RequestContext): ChangeDetails {
  if (input.effectiveOn && input.effectiveOn > calendarDate(context.now, context.timeZone)) {
    throw new AppError('invalid_input', 'Some fields are not valid.', [
      { path: 'effectiveOn', message: 'cannot be in the future' },
    ]);
  }
  return { note: input.note ? input.note : null, effectiveOn: input.effectiveOn ?? null };
}

/**
 * Refers a client of the caller's organisation to a program. The same clinician referring the
 * same client to the same program again within a minute (a double click, a retried request) gets
 * the first referral back (`repeated`), not a second one; the client's row is locked meanwhile so
 * two such requests at once take turns.
 */
export async function createReferral(
  db: Executor,
  context: RequestContext,
  clientId: string,
  input: { programId: string } & StepInput,
): Promise<ReferralWithProgram & { repeated: boolean }> {
  const details = stepDetails(input, context);
  const { programId } = input;
  const organizationId = context.actor.organizationId;
  const result = await db.transaction().execute(async (trx) => {
    await lockClient(trx, organizationId, clientId);
    const client = await clientForChange(trx, organizationId, clientId, 'referring them to a program');
    if (!client) return { kind: 'no-client' as const };
    const program = await getProgram(trx, programId);
    if (!program) return { kind: 'no-program' as const };
    const earlier = await findRecentReferral(trx, {
      organizationId,
      clientId,
      programId,
      createdBy: context.actor.userId,
      since: new Date(context.now.getTime() - REPEAT_WINDOW_MS).toISOString(),
    });
    const referral =
      earlier ??
      (await insertReferral(trx, {
        organizationId,
        clientId,
        programId,
        createdBy: context.actor.userId,
        now: context.now.toISOString(),
        details,
      }));
    await recordAudit(trx, context, [
      {
        action: earlier ? 'referral.read' : 'referral.create',
        resourceType: 'referral',
        resourceId: referral.id,
        clientId,
      },
    ]);
    return { kind: 'created' as const, referral, program: program.program, repeated: earlier !== undefined };
  });
  if (result.kind === 'no-client') throw await deniedClient(db, context, 'referral.create', clientId);
  if (result.kind === 'no-program') {
    throw new AppError('invalid_input', 'There is no program with this id.', [
      { path: 'programId', message: 'no program has this id' },
    ]);
  }
  const { referral, program, repeated } = result;
  return { referral, program: { id: program.id, name: program.name, setting: program.setting }, repeated };
}

/** A client's referrals, newest first; reading them is audited against the client. */
export async function listReferrals(
  db: Executor,
  context: RequestContext,
  clientId: string,
): Promise<ReferralWithProgram[]> {
  const found = await db.transaction().execute(async (trx) => {
    const client = await getClient(trx, context.actor.organizationId, clientId);
    if (!client) return undefined;
    const referrals = await listReferralsOfClient(trx, context.actor.organizationId, clientId);
    await recordAudit(trx, context, [
      { action: 'referral.list', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return Promise.all(referrals.map((referral) => withProgram(trx, referral)));
  });
  if (!found) throw await deniedClient(db, context, 'referral.list', clientId);
  return found;
}

/** Moves a referral on (sent -> accepted -> first session attended, or declined). */
export async function updateReferralStatus(
  db: Executor,
  context: RequestContext,
  id: string,
  input: { status: ReferralStatus } & StepInput,
): Promise<ReferralWithProgram> {
  const { status } = input;
  const details = stepDetails(input, context);
  const result = await db.transaction().execute(async (trx) => {
    const current = await getReferral(trx, context.actor.organizationId, id);
    if (!current) return { kind: 'missing' as const };
    await clientForChange(trx, context.actor.organizationId, current.clientId, 'changing a referral');
    if (!canChangeReferral(current.status, status)) {
      // The attempt read the referral (its status is in the answer): audited, as a failure.
      await recordAudit(trx, context, [
        {
          action: 'referral.update',
          resourceType: 'referral',
          resourceId: id,
          clientId: current.clientId,
          outcome: 'failure',
        },
      ]);
      return { kind: 'refused' as const, current };
    }
    const changed = await changeReferralStatus(trx, context.actor.organizationId, id, {
      from: current.status,
      to: status,
      changedBy: context.actor.userId,
      now: context.now.toISOString(),
      ...details,
    });
    if (!changed) return { kind: 'raced' as const };
    await recordAudit(trx, context, [
      { action: 'referral.update', resourceType: 'referral', resourceId: id, clientId: changed.clientId },
    ]);
    return { kind: 'changed' as const, referral: await withProgram(trx, changed) };
  });
  switch (result.kind) {
    case 'missing':
      throw await deniedReferral(db, context, 'referral.update', id);
    case 'refused': {
      const allowed = nextReferralStatuses(result.current.status);
      throw new AppError(
        'conflict',
        allowed.length === 0
          ? `This referral is ${REFERRAL_STATUS_WORDS[result.current.status]} and can no longer change.`
          : `A referral that is ${REFERRAL_STATUS_WORDS[result.current.status]} can only become ${allowed.map((next) => REFERRAL_STATUS_WORDS[next]).join(' or ')}.`,
      );
    }
    case 'raced':
      throw new AppError('conflict', 'Someone else changed this referral at the same moment; read it again.');
    case 'changed':
      return result.referral;
  }
}

/**
 * Goals met: a clinician records, per goal of a client's finalised plan, whether it is met. The
 * statuses sit beside the plan (a finalised version never changes) and feed the step-down
 * readiness signal's `goalsMet` fact: every goal of the client's latest finalised plan met.
 * Every read and change is audited.
 */
import type { PlanGoalsResponse } from '../../core/api/plan-goals.js';
import { AppError } from '../../core/errors.js';
import type { Executor } from '../../storage/executor.js';
import { type GoalStatus, listGoalStatusesOfPlan, setGoalStatus } from '../../storage/goal-statuses.js';
import { getLatestFinalVersion, getPlanVersion, listPlansOfClient } from '../../storage/plans.js';
import { userNames } from '../../storage/users.js';
import type { PlanVersion } from '../../storage/records.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { clientForChange } from './clients.js';
import { goalsOf } from './goal-amendments.js';
import { deniedPlan } from './plans.js';

function present(
  version: PlanVersion,
  statuses: readonly GoalStatus[],
  names: ReadonlyMap<string, string> = new Map(),
): PlanGoalsResponse {
  const byGoal = new Map(statuses.map((status) => [status.goalId, status]));
  const items = goalsOf(version).map((goal) => {
    const status = byGoal.get(goal.id);
    return {
      goalId: goal.id,
      text: goal.text,
      targetDate: goal.targetDate,
      met: status?.met ?? false,
      note: status?.note ?? null,
      updatedBy: status?.updatedBy ?? null,
      updatedByName: status ? (names.get(status.updatedBy) ?? null) : null,
      updatedAt: status?.updatedAt ?? null,
    };
  });
  return {
    planId: version.planId,
    clientId: version.clientId,
    version: version.version,
    allMet: items.length > 0 && items.every((item) => item.met),
    items,
  };
}

/** The goals of a finalised version with their statuses and who set each, by name. */
async function presentFinal(db: Executor, organizationId: string, final: PlanVersion): Promise<PlanGoalsResponse> {
  const statuses = await listGoalStatusesOfPlan(db, organizationId, final.planId);
  const names = await userNames(
    db,
    organizationId,
    statuses.map((status) => status.updatedBy),
  );
  return present(final, statuses, names);
}

const NOT_FINAL = 'This plan has no finalised version yet: goals are marked met on a finalised plan.';

/** The goals of a plan's latest finalised version, each with whether it is met. Audited. */
export async function readPlanGoals(db: Executor, context: RequestContext, planId: string): Promise<PlanGoalsResponse> {
  const organizationId = context.actor.organizationId;
  const result = await db.transaction().execute(async (trx) => {
    const current = await getPlanVersion(trx, organizationId, planId);
    if (!current) return undefined;
    await recordAudit(trx, context, [
      { action: 'plan-goal.read', resourceType: 'plan', resourceId: planId, clientId: current.clientId },
    ]);
    const final = await getLatestFinalVersion(trx, organizationId, planId);
    return final ? presentFinal(trx, organizationId, final) : null;
  });
  if (result === undefined) throw await deniedPlan(db, context, 'plan-goal.read', planId);
  if (result === null) throw new AppError('conflict', NOT_FINAL);
  return result;
}

/**
 * Records whether a goal of the plan's latest finalised version is met: 404 for a goal it does not
 * have, 409 while the plan has no finalised version or the client is archived. Audited.
 * `afterChange` runs in the same transaction once the status is saved (the routes evaluate the
 * client's signals there: goals met is one of their facts).
 */
export async function setPlanGoalStatus(
  db: Executor,
  context: RequestContext,
  planId: string,
  goalId: string,
  input: { met: boolean; note?: string | null | undefined },
  afterChange?: (trx: Executor, clientId: string) => Promise<unknown>,
): Promise<PlanGoalsResponse> {
  const organizationId = context.actor.organizationId;
  const result = await db.transaction().execute(async (trx) => {
    const final = await getLatestFinalVersion(trx, organizationId, planId);
    if (!final) return (await getPlanVersion(trx, organizationId, planId)) ? null : undefined;
    await clientForChange(trx, organizationId, final.clientId, 'changing their plan’s goals');
    if (!goalsOf(final).some((goal) => goal.id === goalId)) {
      throw new AppError('not_found', `The finalised plan (version ${final.version}) has no goal with this id.`);
    }
    await setGoalStatus(trx, {
      organizationId,
      clientId: final.clientId,
      planId,
      goalId,
      met: input.met,
      note: input.note ? input.note : null,
      userId: context.actor.userId,
      now: context.now.toISOString(),
    });
    await recordAudit(trx, context, [
      { action: 'plan-goal.update', resourceType: 'plan', resourceId: planId, clientId: final.clientId },
    ]);
    await afterChange?.(trx, final.clientId);
    return presentFinal(trx, organizationId, final);
  });
  if (result === undefined) throw await deniedPlan(db, context, 'plan-goal.update', planId);
  if (result === null) throw new AppError('conflict', NOT_FINAL);
  return result;
}

/**
 * Whether every goal of the client's most recently finalised plan is recorded as met (false when
 * the client has no finalised plan, or its plan has no goals): the signal rules' `goalsMet`.
 */
export async function clientGoalsMet(db: Executor, organizationId: string, clientId: string): Promise<boolean> {
  let latest: PlanVersion | undefined;
  for (const plan of await listPlansOfClient(db, organizationId, clientId)) {
    const final = await getLatestFinalVersion(db, organizationId, plan.planId);
    if (final && (latest === undefined || (final.finalizedAt ?? '') > (latest.finalizedAt ?? ''))) latest = final;
  }
  if (!latest) return false;
  return present(latest, await listGoalStatusesOfPlan(db, organizationId, latest.planId)).allMet;
}

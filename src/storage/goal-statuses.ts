/**
 * Whether each goal of a plan is met, as a clinician last set it. Kept beside the plan, not in it:
 * a finalised version never changes, and a goal keeps its id across versions, so its status
 * follows it into an amendment.
 */
import type { Executor } from './executor.js';
import type { PlanGoalStatusesTable } from './schema.js';

export interface GoalStatus {
  planId: string;
  clientId: string;
  goalId: string;
  met: boolean;
  note: string | null;
  updatedBy: string;
  updatedAt: string;
}

function toStatus(row: PlanGoalStatusesTable): GoalStatus {
  return {
    planId: row.plan_id,
    clientId: row.client_id,
    goalId: row.goal_id,
    met: Number(row.met) === 1,
    note: row.note,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** Sets a goal's status, replacing the one before. Call inside a transaction. */
export async function setGoalStatus(
  db: Executor,
  input: {
    organizationId: string;
    clientId: string;
    planId: string;
    goalId: string;
    met: boolean;
    note: string | null;
    userId: string;
    now: string;
  },
): Promise<GoalStatus> {
  const row: PlanGoalStatusesTable = {
    organization_id: input.organizationId,
    client_id: input.clientId,
    plan_id: input.planId,
    goal_id: input.goalId,
    met: input.met ? 1 : 0,
    note: input.note,
    updated_by: input.userId,
    updated_at: input.now,
  };
  await db
    .insertInto('plan_goal_statuses')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['plan_id', 'goal_id']).doUpdateSet({
        met: row.met,
        note: row.note,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  return toStatus(row);
}

/** The goal statuses of a plan, by goal id. */
export async function listGoalStatusesOfPlan(
  db: Executor,
  organizationId: string,
  planId: string,
): Promise<GoalStatus[]> {
  const rows = await db
    .selectFrom('plan_goal_statuses')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('plan_id', '=', planId)
    .orderBy('goal_id')
    .execute();
  return rows.map(toStatus);
}

/** Every goal status of a client's plans, for the organisation export. */
export async function listGoalStatusesOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<GoalStatus[]> {
  const rows = await db
    .selectFrom('plan_goal_statuses')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .orderBy('plan_id')
    .orderBy('goal_id')
    .execute();
  return rows.map(toStatus);
}

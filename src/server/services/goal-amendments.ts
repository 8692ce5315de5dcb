/**
 * What a newly finalised version does to the goal statuses of its plan. A status is kept by goal id,
 * so it follows a goal into an amendment; when the amendment keeps the id but changes what the goal
 * says, "met" is taken away (with a note naming the earlier words and keeping the note from then),
 * so a different goal is never counted as met. A goal the amendment drops keeps its row but is no
 * longer listed or counted. Kept apart from plan-goals.ts, which the plan service cannot import
 * without a cycle.
 */
import { goalWordsChangedNote, sameGoalWords } from '../../core/plans/goal-words.js';
import { formatPlanDate } from '../../core/plans/words.js';
import type { Executor } from '../../storage/executor.js';
import { listGoalStatusesOfPlan, setGoalStatus } from '../../storage/goal-statuses.js';
import { getPlanVersion, listPlanVersionSummaries } from '../../storage/plans.js';
import type { PlanVersion } from '../../storage/records.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';

export interface PlanGoal {
  id: string;
  text: string;
  targetDate: string | null;
}

/** The goals of a stored version, in the plan's order (whatever the shape of an old document). */
export function goalsOf(version: PlanVersion): PlanGoal[] {
  const goals = (version.document as { goals?: unknown }).goals;
  if (!Array.isArray(goals)) return [];
  return goals.flatMap((goal: unknown) => {
    const { id, text, targetDate } = (goal ?? {}) as { id?: unknown; text?: unknown; targetDate?: unknown };
    return typeof id === 'string'
      ? [
          {
            id,
            text: typeof text === 'string' ? text : '',
            targetDate: typeof targetDate === 'string' ? targetDate : null,
          },
        ]
      : [];
  });
}

/**
 * The words each goal had in the most recent earlier finalised version that has it: the words a
 * "met" recorded before this finalisation was recorded for (each finalisation settles the goals it
 * changed, so that holds version after version).
 */
async function earlierWords(
  db: Executor,
  organizationId: string,
  finalised: PlanVersion,
  goalIds: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const words = new Map<string, string>();
  const earlier = (await listPlanVersionSummaries(db, organizationId, finalised.planId))
    .filter((summary) => summary.status === 'final' && summary.version < finalised.version)
    .sort((a, b) => b.version - a.version);
  for (const summary of earlier) {
    if (words.size === goalIds.size) break;
    const version = await getPlanVersion(db, organizationId, finalised.planId, summary.version);
    for (const goal of version ? goalsOf(version) : []) {
      if (goalIds.has(goal.id) && !words.has(goal.id)) words.set(goal.id, goal.text);
    }
  }
  return words;
}

/**
 * Takes "met" away from each goal of a just-finalised version whose words changed since it was
 * marked, leaving a note that says why and keeps the clinician's note. Call inside the finalising
 * transaction; audited as a goal update when anything changed.
 */
export async function settleGoalStatuses(db: Executor, context: RequestContext, finalised: PlanVersion): Promise<void> {
  const organizationId = context.actor.organizationId;
  const met = new Map(
    (await listGoalStatusesOfPlan(db, organizationId, finalised.planId))
      .filter((status) => status.met)
      .map((status) => [status.goalId, status]),
  );
  const goals = goalsOf(finalised).filter((goal) => met.has(goal.id));
  if (goals.length === 0) return;
  const before = await earlierWords(db, organizationId, finalised, new Set(goals.map((goal) => goal.id)));
  let changed = 0;
  for (const goal of goals) {
    const status = met.get(goal.id);
    const earlierText = before.get(goal.id);
    if (!status || earlierText === undefined || sameGoalWords(earlierText, goal.text)) continue;
    await setGoalStatus(db, {
      organizationId,
      clientId: finalised.clientId,
      planId: finalised.planId,
      goalId: goal.id,
      met: false,
      note: goalWordsChangedNote({
        markedOn: formatPlanDate(status.updatedAt, 'en', context.timeZone),
        earlierText,
        version: finalised.version,
        earlierNote: status.note,
      }),
      userId: context.actor.userId,
      now: context.now.toISOString(),
    });
    changed += 1;
  }
  if (changed > 0) {
    await recordAudit(db, context, [
      { action: 'plan-goal.update', resourceType: 'plan', resourceId: finalised.planId, clientId: finalised.clientId },
    ]);
  }
}

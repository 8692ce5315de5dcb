/**
 * The plan whose goals count for a client: the one whose latest finalised version was finalised
 * last, as the server's `goalsMet` fact reads it (services/plan-goals.ts, clientGoalsMet). The newest
 * plan is not always it: an older plan amended and finalised again is the one in force.
 */
interface PlanVersions {
  latestFinalVersion: number | null;
  versions: ReadonlyArray<{ version: number; finalizedAt: string | null }>;
}

/** The plan whose latest finalised version was finalised last; undefined while none is finalised. */
export function planWhoseGoalsCount<T extends PlanVersions>(plans: readonly T[]): T | undefined {
  let chosen: { plan: T; at: string } | undefined;
  for (const plan of plans) {
    if (plan.latestFinalVersion === null) continue;
    const at = plan.versions.find((version) => version.version === plan.latestFinalVersion)?.finalizedAt ?? '';
    if (chosen === undefined || at > chosen.at) chosen = { plan, at };
  }
  return chosen?.plan;
}

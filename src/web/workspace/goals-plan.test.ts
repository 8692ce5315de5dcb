/**
 * Which of a client's plans the client page shows goals for: the one the step-down readiness signal
 * reads (the plan whose latest finalised version was finalised last), not simply the newest plan.
 */
import { describe, expect, it } from 'vitest';
import { planWhoseGoalsCount } from './goals-plan.js';

const plan = (id: string, versions: Array<[number, string | null]>, latestFinalVersion: number | null) => ({
  id,
  latestFinalVersion,
  versions: versions.map(([version, finalizedAt]) => ({ version, finalizedAt })),
});

describe('planWhoseGoalsCount', () => {
  it('is undefined while no plan has a finalised version', () => {
    expect(planWhoseGoalsCount([plan('a', [[1, null]], null)])).toBeUndefined();
    expect(planWhoseGoalsCount([])).toBeUndefined();
  });

  it('takes the plan finalised last, even when a newer plan was finalised earlier', () => {
    const newer = plan('newer', [[1, '2026-11-02T10:00:00.000Z']], 1);
    const older = plan(
      'older',
      [
        [1, '2026-10-01T10:00:00.000Z'],
        [2, '2026-11-20T10:00:00.000Z'],
        [3, null],
      ],
      2,
    );
    expect(planWhoseGoalsCount([newer, older])?.id).toBe('older');
    expect(planWhoseGoalsCount([plan('draft', [[1, null]], null), newer])?.id).toBe('newer');
  });
});

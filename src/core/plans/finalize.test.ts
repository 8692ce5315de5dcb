import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aCompletePlan, aDraftPlan } from '../../../test/fixtures/plans.js';
import { SETTINGS } from '../settings.js';
import { finalizationProblems } from './finalize.js';
import { PlanDocumentSchema, PlanEditSchema, RECOMMENDATION_FIELDS, type PlanDocument } from './plan-schema.js';
import { VARIANCE_REASONS } from './vocabulary.js';

const TODAY = '2026-03-02';

/** A copy of an object without some of its keys. */
function omit(value: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function paths(plan: unknown): string[] {
  return finalizationProblems(plan, { today: TODAY }).map((issue) => issue.path);
}

describe('a new draft', () => {
  it('starts from the recommendation: same setting selected, reasons with both wordings, safety block in', () => {
    const draft = aDraftPlan();
    expect(PlanDocumentSchema.safeParse(draft).success).toBe(true);
    expect(draft.recommendedSetting).toBe('iop');
    expect(draft.selectedSetting).toBe(draft.recommendedSetting);
    expect(draft.selectedWithRecoveryResidence).toBe(draft.recommendedWithRecoveryResidence);
    expect(draft.reasons.length).toBeGreaterThan(0);
    for (const reason of draft.reasons) {
      expect(reason.text.length).toBeGreaterThan(0);
      expect(reason.clientText.length).toBeGreaterThan(0);
      expect(reason.sources.length).toBeGreaterThan(0);
    }
    expect(draft.safety.topics).toEqual(['lowered-tolerance', 'naloxone', 'never-use-alone', 'crisis-lines']);
    expect(draft.goals).toEqual([]);
    expect(draft.variance).toBeNull();
  });

  it('cannot be finalised until the reassessment date, the two safety answers, the discharge date and something to follow up are in', () => {
    expect(paths(aDraftPlan())).toEqual([
      'reassessBy',
      'safety.naloxone',
      'safety.medication',
      'dischargeDate',
      'goals',
    ]);
  });

  it('carries the sober-home pairing of a recommendation that has one', () => {
    const draft = aDraftPlan({ ratings: { d5: 2, d6: 3 }, flags: { unsafeHousing: true } });
    expect(draft.recommendedWithRecoveryResidence).toBe(true);
    expect(draft.selectedWithRecoveryResidence).toBe(true);
  });
});

describe('finalizationProblems', () => {
  it('finds nothing wrong with a complete plan', () => {
    expect(finalizationProblems(aCompletePlan(), { today: TODAY })).toEqual([]);
  });

  it('refuses a plan without a reassessment date, or with one that is not after today', () => {
    expect(paths(aCompletePlan({ reassessBy: null }))).toEqual(['reassessBy']);
    expect(paths(aCompletePlan({ reassessBy: TODAY }))).toEqual(['reassessBy']);
    expect(paths(aCompletePlan({ reassessBy: '2026-03-01' }))).toEqual(['reassessBy']);
    // Without a today, only the presence of the date and its window after discharge are checked.
    expect(
      finalizationProblems(
        aCompletePlan({
          reassessBy: '2020-01-01',
          dischargeDate: '2019-12-20',
          noAppointmentReason: { reason: 'moving-away', text: '' },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a plan whose safety block was removed', () => {
    const withoutSafety = omit(aCompletePlan(), ['safety']);
    expect(finalizationProblems(withoutSafety, { today: TODAY })).toEqual([{ path: 'safety', message: 'required' }]);
    expect(paths({ ...aCompletePlan(), safety: null })).toEqual(['safety']);
  });

  it('refuses a plan whose safety block is incomplete, naming each missing part', () => {
    const plan = aCompletePlan();
    const incomplete: PlanDocument = {
      ...plan,
      safety: { ...plan.safety, topics: ['lowered-tolerance', 'crisis-lines'], naloxone: 'not-asked' },
    };
    const problems = finalizationProblems(incomplete, { today: TODAY });
    expect(problems).toEqual([
      { path: 'safety.topics', message: 'the safety block must include "naloxone"' },
      { path: 'safety.topics', message: 'the safety block must include "never-use-alone"' },
      { path: 'safety.naloxone', message: 'ask whether the client has naloxone, and record the answer' },
    ]);
  });

  it('refuses a selected setting that differs from the recommended one without a reason and narrative', () => {
    expect(paths(aCompletePlan({ selectedSetting: 'op' }))).toEqual(['variance.reason', 'variance.narrative']);
    expect(paths(aCompletePlan({ selectedSetting: 'op', variance: { reason: 'waitlist', narrative: '  ' } }))).toEqual([
      'variance.narrative',
    ]);
    expect(
      paths(
        aCompletePlan({
          selectedSetting: 'php',
          variance: { reason: 'waitlist', narrative: 'IOP waitlist is 6 weeks; PHP has a place now.' },
        }),
      ),
    ).toEqual([]);
  });

  it('counts dropping the recommended sober home as a difference', () => {
    const draft = aDraftPlan({ ratings: { d5: 2, d6: 3 }, flags: { unsafeHousing: true } });
    const plan = aCompletePlan({ ...pickRecommendation(draft), selectedWithRecoveryResidence: false });
    expect(paths(plan)).toEqual(['variance.reason', 'variance.narrative']);
  });

  it('needs the words of an "other" reason', () => {
    const plan = aCompletePlan({ selectedSetting: 'op', variance: { reason: 'other', narrative: 'See the notes.' } });
    expect(paths(plan)).toEqual(['variance.otherText']);
    expect(paths({ ...plan, variance: { ...plan.variance, otherText: 'Client moving states' } })).toEqual([]);
  });

  it('needs every goal to be measurable, with a target date, and unique', () => {
    const plan = aCompletePlan();
    const goal = plan.goals[0];
    if (!goal) throw new Error('fixture has a goal');
    const problems = paths({
      ...plan,
      goals: [
        { ...goal, measure: '', targetDate: null },
        { ...goal, text: ' ' },
      ],
    });
    expect(problems).toEqual(['goals.0.measure', 'goals.0.targetDate', 'goals.1.text', 'goals.1.id']);
  });

  it('reports a document of the wrong shape by path, as the schema does', () => {
    expect(paths({ ...aCompletePlan(), reassessBy: '15/04/2026', extra: 1 })).toEqual(['reassessBy', 'extra']);
    expect(paths('not a plan')).toEqual(['(root)']);
  });

  it('always asks for a reason when the selection differs, whatever the settings (property)', () => {
    const settings = [...SETTINGS, 'urgent-evaluation'] as const;
    const base = aCompletePlan();
    fc.assert(
      fc.property(fc.constantFrom(...settings), fc.constantFrom(...VARIANCE_REASONS, null), (selected, reason) => {
        const plan: PlanDocument = {
          ...base,
          selectedSetting: selected,
          variance: reason === null ? null : { reason, otherText: 'x', narrative: 'Because.' },
        };
        const differs = selected !== base.recommendedSetting;
        const problems = paths(plan);
        expect(problems.includes('variance.reason')).toBe(differs && reason === null);
        if (!differs || reason !== null) expect(problems).toEqual([]);
      }),
    );
  });
});

describe('PlanEditSchema', () => {
  it('lets an edit leave out the fields copied from the recommendation, and nothing else', () => {
    const edit = omit(aCompletePlan(), RECOMMENDATION_FIELDS);
    expect(PlanEditSchema.safeParse(edit).success).toBe(true);
    const refused = PlanEditSchema.safeParse(omit(edit, ['safety']));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['safety']);
  });
});

function pickRecommendation(plan: PlanDocument): Partial<PlanDocument> {
  return {
    assessment: plan.assessment,
    ruleset: plan.ruleset,
    recommendedSetting: plan.recommendedSetting,
    recommendedWithRecoveryResidence: plan.recommendedWithRecoveryResidence,
    recommendedHoursPerWeek: plan.recommendedHoursPerWeek,
    withdrawalManagement: plan.withdrawalManagement,
    urgent: plan.urgent,
    reasons: plan.reasons,
    selectedSetting: plan.selectedSetting,
  };
}

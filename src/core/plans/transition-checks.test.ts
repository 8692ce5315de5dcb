import { describe, expect, it } from 'vitest';
import { aCompletePlan, aDraftPlan } from '../../../test/fixtures/plans.js';
import { anAssessment } from '../../../test/fixtures/assessments.js';
import { parseAssessment } from '../assessment.js';
import { recommendPlacement } from '../engine.js';
import { loadDefaultRuleSet } from '../rulesets/index.js';
import { draftPlan } from './draft.js';
import { finalizationProblems } from './finalize.js';
import { planNeedsOf, requiresNoTaper } from './plan-needs.js';
import {
  PLAN_SCHEMA_ID,
  PLAN_V1_SCHEMA_ID,
  type Medication,
  PlanDocumentSchema,
  RECOMMENDATION_FIELDS,
  type PlanDocument,
  upgradePlan,
} from './plan-schema.js';
import { sequenceFromFields } from './sequence.js';

const TODAY = '2026-03-02';
const paths = (plan: unknown): string[] => finalizationProblems(plan, { today: TODAY }).map((issue) => issue.path);

/** A complete plan for an urgent recommendation (imminent danger), everything else filled in. */
function urgentPlan(overrides: Partial<PlanDocument> = {}): PlanDocument {
  const recommendation = recommendPlacement(
    anAssessment({ ratings: { d3: 4 }, flags: { imminentDanger: true } }),
    loadDefaultRuleSet(),
  );
  const draft = draftPlan(recommendation, { id: aCompletePlan().assessment.id, version: 1 });
  const complete = aCompletePlan();
  return {
    ...complete,
    ...Object.fromEntries(
      (
        [
          'ruleset',
          'recommendedSetting',
          'recommendedHoursPerWeek',
          'withdrawalManagement',
          'urgent',
          'reasons',
          'sequence',
        ] as const
      ).map((field) => [field, draft[field]]),
    ),
    selectedSetting: draft.recommendedSetting,
    selectedWithRecoveryResidence: draft.recommendedWithRecoveryResidence,
    selectedWithdrawalManagement: draft.withdrawalManagement,
    ...overrides,
  };
}

describe('plan@2 finalisation: urgent evaluation', () => {
  it('refuses an urgent recommendation without the urgent evaluation recorded', () => {
    const plan = urgentPlan();
    expect(plan.urgent).toBe(true);
    expect(plan.sequence).toEqual([{ step: 'urgent-evaluation' }]);
    expect(paths(plan)).toEqual(['urgentEvaluation']);
  });

  it('needs when, by whom and what it found; a stated finding or a new assessment both finalise', () => {
    expect(
      paths(urgentPlan({ urgentEvaluation: { when: null, by: ' ', outcome: { kind: 'stated', text: '' } } })),
    ).toEqual(['urgentEvaluation.when', 'urgentEvaluation.by', 'urgentEvaluation.outcome.text']);
    const stated = urgentPlan({
      urgentEvaluation: {
        when: '2026-03-01T14:00',
        by: 'Dr. Osei, crisis team',
        outcome: { kind: 'stated', text: 'No current intent; safety plan made; IOP is safe.' },
      },
    });
    expect(paths(stated)).toEqual([]);
    const reassess = urgentPlan({
      urgentEvaluation: {
        when: '2026-03-01T14:00',
        by: 'Dr. Osei',
        outcome: { kind: 'new-assessment', text: 'Stable after 48 hours; reassess before choosing a level.' },
      },
    });
    expect(paths(reassess)).toEqual([]);
  });
});

describe('plan@2 finalisation: medications for addiction', () => {
  const needs = { safetyPlan: false, medicationsForAddiction: ['methadone'], naloxone: false, obstetricCare: false };

  it('refuses the plan of a client on methadone without medications, naming the field', () => {
    const problems = finalizationProblems(aCompletePlan({ needs, medications: [] }), { today: TODAY });
    expect(problems.map((p) => p.path)).toEqual(['medications']);
    expect(problems[0]?.message).toContain('methadone');
  });

  it('needs the listed medicine itself, with its dose and who doses it', () => {
    const line = {
      name: 'Naltrexone 50 mg',
      dose: '50 mg daily',
      for: 'alcohol-use-disorder' as const,
      prescriber: 'Dr. Rao',
      lastDose: null,
      bridgeSupplyUntil: null,
    };
    expect(paths(aCompletePlan({ needs, medications: [line] }))).toEqual(['medications']);
    const methadone = {
      ...line,
      name: 'Methadose',
      dose: '',
      prescriber: '',
      for: 'opioid-use-disorder' as const,
      lastDose: '2026-03-01T08:00',
    };
    expect(paths(aCompletePlan({ needs, medications: [methadone] }))).toEqual([
      'medications.0.dose',
      'medications.0.prescriber',
    ]);
    expect(
      paths(
        aCompletePlan({
          needs,
          medications: [{ ...methadone, dose: '80 mg', prescriber: 'Harbor OTP', bridgeSupplyUntil: '2026-03-03' }],
        }),
      ),
    ).toEqual([]);
  });

  it('copies the medications an assessment@2 lists into a new draft, to complete, with naloxone required', () => {
    const assessment = {
      schema: 'stepdown/assessment@2',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 1, d4: 1, d5: 2, d6: 1 },
      facts: {
        substances: ['opioids'],
        currentMedications: [{ name: 'buprenorphine', prescriber: 'Dr. Rao' }],
        opioidOverdosePast12Months: true,
      },
    };
    const parsed = parseAssessment(assessment);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const recommendation = recommendPlacement(parsed.value, loadDefaultRuleSet());
    const draft = draftPlan(recommendation, { id: aCompletePlan().assessment.id, version: 1, document: assessment });
    expect(draft.needs).toEqual({
      safetyPlan: false,
      medicationsForAddiction: ['buprenorphine'],
      naloxone: true,
      obstetricCare: false,
    });
    expect(draft.medications).toEqual([
      {
        name: 'buprenorphine',
        dose: '',
        for: 'opioid-use-disorder',
        prescriber: 'Dr. Rao',
        lastDose: null,
        bridgeSupplyUntil: null,
      },
    ]);
    expect(draft.safetyPlan).toBeNull();
  });

  it('asks for a prenatal care appointment when the recommendation requires obstetric care', () => {
    const needs = { safetyPlan: false, medicationsForAddiction: [], naloxone: false, obstetricCare: true };
    const plan = aCompletePlan({ needs });
    expect(paths(plan)).toEqual(['appointments']);
    const prenatal = { ...plan.appointments[0]!, kind: 'prenatal-care' as const, with: 'Women’s clinic' };
    expect(paths({ ...plan, appointments: [...plan.appointments, prenatal] })).toEqual([]);
  });
});

/**
 * Pregnancy with opioid use (rule `pregnancy.opioids`, requirement `no-taper`). Reasoning: in
 * pregnancy, withdrawal and the return to use that often follows a taper put the pregnancy at risk
 * (fetal distress, preterm labour, overdose after tolerance falls), so medication for opioid use
 * disorder continues through pregnancy and is not tapered by default; a taper is a decision for an
 * individual clinical reason, which the plan must state. Sources: ACOG Committee Opinion 711
 * (2017, reaffirmed), "medically supervised withdrawal ... is not recommended" as the default;
 * SAMHSA, Clinical Guidance for Treating Pregnant and Parenting Women With Opioid Use Disorder
 * (2018), factsheets on continuing MOUD in pregnancy.
 */
describe('plan@2 finalisation: no taper of opioid medication in pregnancy by default', () => {
  const pregnantOnMethadone = () =>
    aDraftPlan({
      ratings: { d3: 2, d5: 2 },
      facts: {
        substances: ['opioids'],
        currentMedications: [{ name: 'methadone', prescriber: 'Eastside OTP' }],
        pregnant: 'yes',
        ageYears: 27,
      },
    });
  const methadone: Medication = {
    name: 'Methadone',
    dose: '80 mg daily',
    for: 'opioid-use-disorder',
    prescriber: 'Eastside OTP',
    lastDose: '2026-03-01T08:00',
    bridgeSupplyUntil: null,
  };
  /** The pregnant client's draft (its reasons, needs and sequence), completed as aCompletePlan is. */
  const complete = (medications: Medication[]): PlanDocument => {
    const draft = pregnantOnMethadone();
    const filled = aCompletePlan();
    const prenatal = { ...filled.appointments[0]!, kind: 'prenatal-care' as const, with: 'Women’s clinic' };
    return {
      ...filled,
      ...Object.fromEntries(RECOMMENDATION_FIELDS.map((field) => [field, draft[field]])),
      selectedSetting: draft.selectedSetting,
      selectedWithdrawalManagement: draft.selectedWithdrawalManagement,
      safetyPlan: filled.safetyPlan ?? draft.safetyPlan,
      medications,
      appointments: [...filled.appointments, prenatal],
    };
  };

  it('the recommendation carries the requirement into the plan', () => {
    expect(requiresNoTaper(pregnantOnMethadone())).toBe(true);
    expect(requiresNoTaper(aCompletePlan())).toBe(false);
    expect(paths(complete([methadone]))).toEqual([]);
  });

  it('refuses a taper or a stop of methadone without a stated clinical reason, naming the field', () => {
    expect(paths(complete([{ ...methadone, course: 'taper' }]))).toEqual(['medications.0.courseReason']);
    expect(paths(complete([{ ...methadone, course: 'stop', courseReason: '  ' }]))).toEqual([
      'medications.0.courseReason',
    ]);
    const problem = finalizationProblems(complete([{ ...methadone, course: 'taper' }]), { today: TODAY })[0];
    expect(problem?.message).toMatch(/pregnan/);
    expect(problem?.message).toMatch(/clinical reason/);
    expect(
      paths(
        complete([
          {
            ...methadone,
            course: 'taper',
            courseReason: 'She asked to taper after the first trimester; obstetrician and OTP physician agree.',
          },
        ]),
      ),
    ).toEqual([]);
  });

  it('a brand name of an opioid medicine counts, whatever purpose was picked; other medicines may change', () => {
    expect(paths(complete([{ ...methadone, name: 'Methadose', for: 'other', course: 'stop' }]))).toEqual([
      'medications.0.courseReason',
    ]);
    const ondansetron: Medication = { ...methadone, name: 'Ondansetron', for: 'other', course: 'stop' };
    expect(paths(complete([methadone, ondansetron]))).toEqual([]);
  });

  it('without the requirement a taper needs no reason here (the clinician decides)', () => {
    const plan = aCompletePlan({
      medications: [{ ...methadone, course: 'taper' }],
    });
    expect(requiresNoTaper(plan)).toBe(false);
    expect(paths(plan)).toEqual([]);
  });
});

describe('plan@2 finalisation: the first appointment and the reassessment', () => {
  it('refuses a plan without an appointment within 7 days of discharge and no reason', () => {
    const late = aCompletePlan({
      appointments: [{ ...aCompletePlan().appointments[0]!, startsAt: '2026-03-09T09:00' }],
    });
    const problems = finalizationProblems(late, { today: TODAY });
    expect(problems.map((p) => p.path)).toEqual(['appointments']);
    expect(problems[0]?.message).toContain('2026-03-08');
    expect(paths(aCompletePlan({ appointments: [] }))).toEqual(['appointments']);
    // Day 7 still counts; a coded reason stands in for the appointment.
    expect(paths({ ...late, appointments: [{ ...late.appointments[0]!, startsAt: '2026-03-08T17:00' }] })).toEqual([]);
    expect(paths({ ...late, noAppointmentReason: { reason: 'program-will-call', text: '' } })).toEqual([]);
    expect(paths({ ...late, noAppointmentReason: { reason: 'other', text: ' ' } })).toEqual([
      'noAppointmentReason.text',
    ]);
  });

  it('an appointment before discharge does not count as the first one after it', () => {
    expect(
      paths(aCompletePlan({ appointments: [{ ...aCompletePlan().appointments[0]!, startsAt: '2026-02-27T09:00' }] })),
    ).toEqual(['appointments']);
  });

  it('names the missing parts of an appointment', () => {
    const appointment = { kind: 'program-intake' as const, with: '', address: '', phone: '', startsAt: null };
    expect(paths(aCompletePlan({ appointments: [aCompletePlan().appointments[0]!, appointment] }))).toEqual([
      'appointments.1.with',
      'appointments.1.startsAt',
      'appointments.1.phone',
    ]);
  });

  it('keeps the reassessment between the discharge date and 90 days after it', () => {
    expect(paths(aCompletePlan({ reassessBy: '2030-01-01' }))).toEqual(['reassessBy']);
    expect(paths(aCompletePlan({ reassessBy: '2026-05-30' }))).toEqual([]);
    expect(paths(aCompletePlan({ reassessBy: '2026-05-31' }))).toEqual(['reassessBy']);
  });

  it('refuses a plan with no goals, no services and no follow-up', () => {
    const empty = aCompletePlan({
      goals: [],
      therapies: [],
      services: [],
      appointments: [],
      noAppointmentReason: { reason: 'client-declined', text: '' },
    });
    expect(paths(empty)).toEqual(['goals']);
  });
});

describe('plan@2 finalisation: safety plan, naloxone, withdrawal management', () => {
  it('asks for a safety plan when the assessment calls for one (d3 of 2 or more, danger, co-occurring)', () => {
    expect(planNeedsOf({ ratings: { d3: 2 } }).safetyPlan).toBe(true);
    expect(planNeedsOf({ ratings: { d3: 1 }, flags: { coOccurringMentalHealth: true } }).safetyPlan).toBe(true);
    expect(planNeedsOf({ ratings: { d3: 1 }, flags: { imminentDanger: true } }).safetyPlan).toBe(true);
    expect(planNeedsOf({ ratings: { d3: 1 } }).safetyPlan).toBe(false);
    const needs = { safetyPlan: true, medicationsForAddiction: [], naloxone: false, obstetricCare: false };
    expect(paths(aCompletePlan({ needs, safetyPlan: null }))).toEqual(['safetyPlan']);
    const empty = {
      warningSigns: [],
      onMyOwn: [],
      peopleAndPlaces: [],
      peopleToAsk: [],
      professionals: [],
      saferSurroundings: [],
    };
    expect(paths(aCompletePlan({ needs, safetyPlan: empty }))).toEqual([
      'safetyPlan.warningSigns',
      'safetyPlan.onMyOwn',
      'safetyPlan.professionals',
      'safetyPlan.saferSurroundings',
      'safetyPlan.peopleToAsk',
    ]);
  });

  it('requires naloxone in the plan after an opioid overdose in the past year', () => {
    const needs = { safetyPlan: false, medicationsForAddiction: [], naloxone: true, obstetricCare: false };
    const plan = aCompletePlan({ needs });
    expect(paths({ ...plan, safety: { ...plan.safety, naloxone: 'declined' } })).toEqual(['safety.naloxone']);
    expect(paths({ ...plan, safety: { ...plan.safety, naloxone: 'will-get' } })).toEqual([]);
  });

  it('asks for a coded reason when the withdrawal management chosen differs from the recommended one', () => {
    const recommendation = recommendPlacement(
      anAssessment({ ratings: { d1: 3 }, flags: { withdrawalRisk: true } }),
      loadDefaultRuleSet(),
    );
    const draft = draftPlan(recommendation, { id: aCompletePlan().assessment.id, version: 1 });
    expect(draft.sequence[0]).toEqual({
      step: 'withdrawal-management',
      setting: draft.withdrawalManagement,
      medicallyMonitored: true,
    });
    const plan = aCompletePlan({
      withdrawalManagement: draft.withdrawalManagement,
      selectedWithdrawalManagement: 'none',
    });
    expect(paths(plan)).toEqual(['withdrawalVariance.reason', 'withdrawalVariance.narrative']);
    expect(
      paths({
        ...plan,
        withdrawalVariance: { reason: 'client-preference', narrative: 'Declined detox after review.' },
      }),
    ).toEqual([]);
  });
});

describe('plan@1 versions', () => {
  it('read as plan@2 with the new parts empty and the sequence from the recommendation fields', () => {
    const v2 = aCompletePlan();
    const v1 = Object.fromEntries(
      Object.entries(v2).filter(
        ([key]) =>
          ![
            'sequence',
            'needs',
            'selectedWithdrawalManagement',
            'withdrawalVariance',
            'urgentEvaluation',
            'medications',
            'dischargeDate',
            'appointments',
            'noAppointmentReason',
            'safetyPlan',
          ].includes(key),
      ),
    );
    const stored = { ...v1, schema: PLAN_V1_SCHEMA_ID } as Parameters<typeof upgradePlan>[0];
    const upgraded = upgradePlan(stored);
    expect(upgraded.schema).toBe(PLAN_SCHEMA_ID);
    expect(PlanDocumentSchema.safeParse(upgraded).success).toBe(true);
    expect(upgraded.sequence).toEqual(sequenceFromFields(v2));
    expect(upgraded.medications).toEqual([]);
    // A plan@1 draft is checked as the plan@2 it becomes: the discharge date is asked for.
    expect(paths(stored)).toContain('dischargeDate');
  });
});

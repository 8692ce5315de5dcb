import { describe, expect, it } from 'vitest';
import { aCompletePlan } from '../../../test/fixtures/plans.js';
import { anAssessment } from '../../../test/fixtures/assessments.js';
import { recommendPlacement } from '../engine.js';
import { loadDefaultRuleSet } from '../rulesets/index.js';
import { type ClientBlock, clientPlanView, type ClientPlanView } from './client-view.js';
import { draftPlan } from './draft.js';
import { type PlanDocument, RECOMMENDATION_FIELDS } from './plan-schema.js';

function textsOf(block: ClientBlock): string[] {
  switch (block.kind) {
    case 'list':
      return block.items;
    case 'steps':
      return [block.intro, ...block.items];
    case 'card':
      return [block.title, ...block.rows.map((row) => (row.label === '' ? row.text : `${row.label}: ${row.text}`))];
    case 'paragraph':
    case 'subheading':
      return [block.text];
  }
}

function section(view: ClientPlanView, id: string): string[] {
  return view.sections.find((item) => item.id === id)?.blocks.flatMap(textsOf) ?? [];
}

/** A complete plan made from the recommendation of an assessment with high withdrawal risk. */
function withdrawalPlan(overrides: Partial<PlanDocument> = {}): PlanDocument {
  const recommendation = recommendPlacement(
    anAssessment({ ratings: { d1: 3, d3: 2, d5: 2 }, flags: { withdrawalRisk: true } }),
    loadDefaultRuleSet(),
  );
  const draft = draftPlan(recommendation, { id: aCompletePlan().assessment.id, version: 1 });
  return {
    ...aCompletePlan(),
    ...Object.fromEntries(
      (
        [
          'recommendedSetting',
          'recommendedWithRecoveryResidence',
          'recommendedHoursPerWeek',
          'withdrawalManagement',
          'urgent',
          'reasons',
          'sequence',
          'selectedSetting',
          'selectedWithRecoveryResidence',
          'selectedWithdrawalManagement',
        ] as const
      ).map((field) => [field, draft[field]]),
    ),
    ...overrides,
  };
}

describe('the client reads the first step first', () => {
  it('leads with medically monitored withdrawal care, then the level of care, and never "you live at home" beside it', () => {
    const plan = withdrawalPlan();
    expect(plan.sequence[0]).toMatchObject({ step: 'withdrawal-management', medicallyMonitored: true });
    const next = section(clientPlanView(plan, 'en', 'full-plan'), 'next-step');
    expect(next[0]).toBe('First: Withdrawal care with nurses and doctors, day and night.');
    expect(next[1]).toContain('around the clock');
    expect(next[2]).toMatch(/^Then, when that is done: /);
    expect(next.join(' ')).not.toMatch(/live at home|sleep at home/i);
    const es = section(clientPlanView(plan, 'es', 'full-plan'), 'next-step');
    expect(es[0]).toBe('Primero: Cuidado para la abstinencia con enfermeras y médicos, de día y de noche.');
    expect(es.join(' ')).not.toMatch(/vive en su casa|duerme en su casa/i);
    // The summary a family member may read leads the same way.
    expect(section(clientPlanView(plan, 'en', 'plan-summary'), 'next-step')[0]).toBe(next[0]);
  });

  it('says what was recommended first when the client chose to skip withdrawal care', () => {
    const plan = withdrawalPlan({
      selectedWithdrawalManagement: 'none',
      withdrawalVariance: { reason: 'client-preference', narrative: 'Declined.' },
    });
    const next = section(clientPlanView(plan, 'en', 'full-plan'), 'next-step');
    expect(next[0]).toMatch(/^You and your care team chose: /);
    expect(next).toContain(
      'Your care team recommended this first: Withdrawal care with nurses and doctors, day and night.',
    );
  });

  it('leads with the urgent check for an urgent recommendation', () => {
    const recommendation = recommendPlacement(
      anAssessment({ ratings: { d3: 4 }, flags: { imminentDanger: true } }),
      loadDefaultRuleSet(),
    );
    const draft = draftPlan(recommendation, { id: aCompletePlan().assessment.id, version: 1 });
    const plan: PlanDocument = {
      ...aCompletePlan(),
      urgent: true,
      sequence: draft.sequence,
      recommendedSetting: 'urgent-evaluation',
      selectedSetting: 'iop',
      variance: { reason: 'clinician-judgement', narrative: 'Evaluated: safe for IOP.' },
    };
    const next = section(clientPlanView(plan, 'en', 'full-plan'), 'next-step');
    expect(next[0]).toBe('First: See a doctor or crisis team today.');
    expect(next[2]).toBe('Then, when that is done: Intensive outpatient program (IOP).');
  });
});

describe('appointments, medicines and the safety plan on the client copy', () => {
  const plan = aCompletePlan({
    medications: [
      {
        name: 'Methadone',
        dose: '80 mg each morning',
        for: 'opioid-use-disorder',
        prescriber: 'Harbor Opioid Treatment Program',
        lastDose: '2026-03-01T07:30',
        bridgeSupplyUntil: '2026-03-03',
      },
    ],
    safetyPlan: {
      warningSigns: ['Not sleeping'],
      onMyOwn: ['Walk the dog'],
      peopleAndPlaces: [],
      peopleToAsk: [{ name: 'Dana', phone: '555-0101' }],
      professionals: [{ name: '988 Lifeline', phone: '988' }],
      saferSurroundings: ['No pills at home'],
    },
  });

  it('gives each appointment as a card: where, when, the phone as a tel: link, and what to bring', () => {
    const view = clientPlanView(plan, 'en', 'full-plan');
    const card = view.sections.find((item) => item.id === 'appointments')?.blocks[0];
    expect(card).toEqual({
      kind: 'card',
      title: 'First day at your program: Eastside IOP',
      rows: [
        { label: 'When', text: 'Tuesday, March 3, 2026 at 9:30 AM' },
        { label: 'Where', text: '12 Main Street, Springfield' },
        { label: 'Phone', text: '555-0188', tel: 'tel:5550188' },
        {
          label: 'What to bring',
          text: 'A photo ID, your insurance card if you have one, and this plan. Bring your medicines in their bottles, or a list of them.',
        },
      ],
    });
  });

  it('lists the medicines with the dose, who gives them, the last dose and the supply at discharge', () => {
    const medicines = section(clientPlanView(plan, 'en', 'full-plan'), 'medicines');
    expect(medicines).toEqual([
      'Methadone',
      'How much: 80 mg each morning',
      'Who gives it: Harbor Opioid Treatment Program',
      'Last dose: Sunday, March 1, 2026 at 7:30 AM',
      'You have enough to last until March 3, 2026. Get your next supply before then.',
    ]);
    expect(section(clientPlanView(plan, 'es', 'full-plan'), 'medicines')).toContain('Cuánto: 80 mg each morning');
  });

  it('tells the client of a planned taper or stop, without the clinical reason', () => {
    const [methadone] = plan.medications;
    if (!methadone) throw new Error('the plan has a medicine');
    const tapered = {
      ...plan,
      medications: [{ ...methadone, course: 'taper' as const, courseReason: 'Private reason: counselling notes.' }],
    };
    const english = section(clientPlanView(tapered, 'en', 'full-plan'), 'medicines');
    expect(english.at(-1)).toBe('Your dose will go down a little at a time, as you and your care team planned.');
    expect(english.join(' ')).not.toContain('Private reason');
    const spanish = section(
      clientPlanView({ ...tapered, medications: [{ ...methadone, course: 'stop' }] }, 'es', 'full-plan'),
      'medicines',
    );
    expect(spanish.at(-1)).toBe('Usted y su equipo de salud planearon dejar esta medicina.');
  });

  it('shows the safety plan in the full plan only, and no medicines or appointments in the summary', () => {
    const full = section(clientPlanView(plan, 'en', 'full-plan'), 'safety-plan');
    expect(full).toContain('Signs that a hard time is starting');
    expect(full).toContain('Dana - 555-0101');
    const summary = clientPlanView(plan, 'en', 'plan-summary');
    expect(summary.sections.map((item) => item.id)).toEqual(['next-step', 'goals', 'support', 'safety']);
  });
});

describe('what could change the plan, for the client', () => {
  /** A complete plan made from the recommendation of an assessment, with what would change it. */
  function planFrom(overrides: Parameters<typeof anAssessment>[0]) {
    const recommendation = recommendPlacement(anAssessment(overrides), loadDefaultRuleSet());
    const draft = draftPlan(recommendation, { id: aCompletePlan().assessment.id, version: 1 });
    const plan: PlanDocument = {
      ...aCompletePlan(),
      ...Object.fromEntries(RECOMMENDATION_FIELDS.map((field) => [field, draft[field]])),
      selectedSetting: draft.selectedSetting,
      selectedWithRecoveryResidence: draft.selectedWithRecoveryResidence,
      selectedWithdrawalManagement: draft.selectedWithdrawalManagement,
    };
    return { plan, changes: recommendation.whatWouldChange };
  }

  it('says in plain words what a found home free of alcohol and drugs would change, in English and Spanish', () => {
    const { plan, changes } = planFrom({ ratings: { d3: 2, d5: 2, d6: 2 }, flags: { unsafeHousing: true } });
    expect(plan.selectedWithRecoveryResidence).toBe(true);
    expect(changes.some((change) => 'flag' in change && change.flag === 'unsafeHousing')).toBe(true);
    const english = section(clientPlanView(plan, 'en', 'full-plan', changes), 'changes');
    expect(english).toEqual([
      'Your plan fits how things are for you today. Tell your care team if one of these is true for you.',
      'If you find a home free of alcohol and drugs, your care team may change your plan.',
    ]);
    const spanish = section(clientPlanView(plan, 'es', 'full-plan', changes), 'changes');
    expect(spanish[1]).toBe(
      'Si encuentra un hogar libre de alcohol y drogas, su equipo de salud puede cambiar su plan.',
    );
  });

  it('names the other level when the change is to another level of care', () => {
    const { plan, changes } = planFrom({ ratings: { d3: 2, d5: 3 }, flags: { needs24HourStructure: true } });
    expect(plan.selectedSetting).toBe('residential');
    expect(section(clientPlanView(plan, 'en', 'full-plan', changes), 'changes')).toContain(
      'If you no longer need support day and night, your care team may suggest this instead: Day program (partial hospital).',
    );
  });

  it('asks about facts nobody recorded (a seizure in withdrawal, pregnancy), never about ratings', () => {
    const { plan, changes } = planFrom({ ratings: { d1: 2, d3: 2, d5: 2 }, facts: { substances: ['alcohol'] } });
    expect(changes.some((change) => 'dimension' in change)).toBe(true);
    const english = section(clientPlanView(plan, 'en', 'full-plan', changes), 'changes');
    expect(english.slice(1)).toEqual([
      'If you have ever had a seizure, or been very confused, when you stopped drinking or using, your care team may change your plan.',
      'If you are pregnant, your care team may change your plan.',
    ]);
  });

  it('only for the step the client is in: nothing when the plan differs from the recommendation, or it is urgent', () => {
    const { plan, changes } = planFrom({ ratings: { d3: 2, d5: 2, d6: 2 }, flags: { unsafeHousing: true } });
    const differs: PlanDocument = {
      ...plan,
      selectedWithRecoveryResidence: false,
      variance: { reason: 'client-preference', narrative: 'Lives with family.' },
    };
    expect(section(clientPlanView(differs, 'en', 'full-plan', changes), 'changes')).toEqual([]);
    const urgent = planFrom({ ratings: { d1: 2, d3: 1, d5: 2 }, flags: { intoxicated: true } });
    expect(urgent.plan.urgent).toBe(true);
    expect(section(clientPlanView(urgent.plan, 'en', 'full-plan', urgent.changes), 'changes')).toEqual([]);
    // A family member's summary never has it.
    expect(section(clientPlanView(plan, 'en', 'plan-summary', changes), 'changes')).toEqual([]);
  });
});

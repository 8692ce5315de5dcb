import { describe, expect, it } from 'vitest';
import { aCompletePlan } from '../../../test/fixtures/plans.js';
import { defaultRuleSetDocument } from '../rulesets/index.js';
import { type ClientBlock, clientPlanView, type ClientPlanView } from './client-view.js';
import { anAssessment } from '../../../test/fixtures/assessments.js';
import { recommendPlacement } from '../engine.js';
import { loadDefaultRuleSet } from '../rulesets/index.js';
import { decidingReasons, VARIANCE_CLIENT_WORDS } from './client-reasons.js';
import { draftPlan } from './draft.js';
import { CLIENT_REASONS_ES, clientReason } from './reasons-es.js';
import { SAFETY_TEXT } from './safety.js';

/** The strings of one block. */
function blockTexts(block: ClientBlock): string[] {
  if (block.kind === 'list') return block.items;
  if (block.kind === 'steps') return [block.intro, ...block.items];
  if (block.kind === 'card')
    return [block.title, ...block.rows.map((row) => (row.label === '' ? row.text : `${row.label}: ${row.text}`))];
  return [block.text];
}

/** Every string a view shows, flattened, for "is it there or not" checks. */
function textOf(view: ClientPlanView): string {
  return view.sections.flatMap((section) => [section.heading, ...section.blocks.flatMap(blockTexts)]).join('\n');
}

const ruleset = loadDefaultRuleSet();

describe('clientPlanView', () => {
  const plan = aCompletePlan();

  it('shows the client their whole plan in plain words, with the reasons in the client wording of each rule', () => {
    const view = clientPlanView(plan, 'en', 'full-plan');
    expect(view.sections.map((section) => section.id)).toEqual([
      'next-step',
      'appointments',
      'why',
      'goals',
      'care',
      'support',
      'relapse',
      'safety',
    ]);
    const text = textOf(view);
    expect(text).toContain('You and your care team chose: Intensive outpatient program (IOP).');
    expect(text).toContain('We will look at this plan again with you by April 15, 2026.');
    for (const reason of decidingReasons(plan.reasons, plan)) expect(text).toContain(reason.clientText);
    // The clinician wording and the rule ids are for the clinical document only.
    for (const reason of plan.reasons) {
      expect(text).not.toContain(reason.text);
      expect(text).not.toContain(reason.rule);
    }
    expect(text).toContain('I will build a group of sober people I can count on.');
    expect(text).toContain('Medicine (medicine for opioid use) - Buprenorphine, daily - Dr. Rao - Thursday 10:00');
    expect(text).toContain('Dana - sponsor - 555-0101');
    expect(text).toContain('Payday weekends');
    expect(text).toContain('Keep taking your medicine for recovery. Do not stop it on your own.');
    expect(text).toContain('Pharmacy on 5th Street has naloxone.');
    expect(text).not.toContain('Private clinician note.');
  });

  it('always carries the whole safety block, with the crisis numbers', () => {
    const text = textOf(clientPlanView(plan, 'en', 'plan-summary'));
    for (const topic of Object.values(SAFETY_TEXT.en)) {
      expect(text).toContain(topic.title);
      for (const paragraph of topic.paragraphs) expect(text).toContain(paragraph);
      for (const step of topic.steps) expect(text).toContain(step);
    }
    expect(text).toContain('988');
    expect(text).toContain('911');
    expect(text).toContain('1-800-662-4357');
  });

  it('cuts a summary to what the summary scope names, and nothing more', () => {
    const view = clientPlanView(plan, 'en', 'plan-summary');
    expect(view.sections.map((section) => section.id)).toEqual(['next-step', 'goals', 'support', 'safety']);
    const text = textOf(view);
    expect(text).toContain('SMART Recovery');
    expect(text).toContain('I will build a group of sober people I can count on.');
    for (const hidden of [
      'Buprenorphine',
      'Dana',
      '555-0101',
      'Payday weekends',
      'Group therapy',
      'Keep taking your medicine',
      'Pharmacy on 5th Street',
      'Private clinician note.',
      ...plan.reasons.map((reason) => reason.clientText),
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('says what was recommended when the chosen setting differs', () => {
    const differing = aCompletePlan({
      selectedSetting: 'op',
      variance: { reason: 'client-preference', narrative: 'Client prefers weekly sessions.' },
    });
    const text = textOf(clientPlanView(differing, 'en', 'full-plan'));
    expect(text).toContain('You and your care team chose: Outpatient care.');
    expect(text).toContain('Your care team recommended: Intensive outpatient program (IOP).');
    expect(text).not.toContain('Client prefers weekly sessions.');
  });

  it('reads in Spanish, reasons included', () => {
    const text = textOf(clientPlanView(plan, 'es', 'full-plan'));
    expect(text).toContain('Usted y su equipo eligieron: Programa ambulatorio intensivo (IOP).');
    expect(text).toContain('15 de abril de 2026');
    for (const reason of decidingReasons(plan.reasons, plan)) expect(text).toContain(CLIENT_REASONS_ES[reason.rule]);
    expect(text).toContain(SAFETY_TEXT.es.naloxone.title);
  });

  it('gives the client only the reasons that decided their step, not every rule that fired', () => {
    // Issue 10: a residential plan listed "A day program gives you more support" (d5 at 3, a php floor)
    // beside the reason for residential care; that rule decided nothing the client lives through.
    const recommendation = recommendPlacement(anAssessment({ ratings: { d2: 3, d5: 3, d3: 1 } }), ruleset);
    const residential = aCompletePlan({
      ...draftPlan(recommendation, { id: 'a1', version: 1 }),
      variance: null,
    });
    expect(residential.selectedSetting).toBe('residential');
    const text = textOf(clientPlanView(residential, 'en', 'full-plan'));
    const said = (rule: string) => recommendation.basis.find((entry) => entry.rule === rule)?.clientText ?? rule;
    expect(text).toContain(said('d2.severe'));
    expect(text).toContain(said('transition.overdose-risk'));
    expect(text).not.toContain(said('d5.severe'));
    expect(text).not.toContain('A day program gives you more support');
    expect(text).not.toContain(said('d3.none-or-mild'));
  });

  it('puts withdrawal management and its reason first in what the client reads, and the clinician’s reason when the choice differs', () => {
    const recommendation = recommendPlacement(
      anAssessment({
        ratings: { d1: 3, d5: 2 },
        flags: { withdrawalRisk: true },
        facts: { substances: ['alcohol'], withdrawalSeizureOrDeliriumHistory: true },
      }),
      ruleset,
    );
    const plan = aCompletePlan({
      ...draftPlan(recommendation, { id: 'a2', version: 1 }),
      selectedSetting: 'php',
      variance: { reason: 'clinician-judgement', narrative: 'Clinical note not for the client.' },
    });
    for (const language of ['en', 'es'] as const) {
      const text = textOf(clientPlanView(plan, language, 'full-plan'));
      const reason = (rule: string) => {
        const entry = recommendation.basis.find((e) => e.rule === rule);
        return entry ? clientReason(entry, language) : rule;
      };
      expect(text).toContain(reason('gate.withdrawal-seizure-history'));
      expect(text).toContain(reason('gate.withdrawal-risk'));
      // The iop floor decided the recommendation, not the php the clinician chose.
      expect(text).not.toContain(reason('d5.moderate'));
      expect(text).toContain(VARIANCE_CLIENT_WORDS[language]['clinician-judgement']);
      expect(text).not.toContain('Clinical note not for the client.');
    }
  });

  it('has a Spanish client reason for every rule of the default rule set', () => {
    const ids = defaultRuleSetDocument.rules.map((rule) => rule.id);
    expect(ids.filter((id) => CLIENT_REASONS_ES[id] === undefined)).toEqual([]);
    expect(Object.keys(CLIENT_REASONS_ES).filter((id) => !ids.includes(id))).toEqual([]);
  });
});

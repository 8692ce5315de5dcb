/**
 * Reading level of the plan's standard client wording (DESIGN.md principle 6): English at or below
 * Flesch-Kincaid grade 8, Spanish at or above Fernández-Huerta 70 ("fairly easy"), the same bars as
 * the decision aid's content. Each unit is a group of strings a client reads together; each string
 * counts as at least one sentence, so short labels are not scored as one run-on sentence.
 */
import { describe, expect, it } from 'vitest';
import { countText, fernandezHuertaOf, fleschKincaidGradeOf } from '../decision-aid/readability.js';
import { GOAL_TEMPLATES } from './goal-templates.js';
import { defaultRuleSetDocument } from '../rulesets/index.js';
import { VARIANCE_CLIENT_WORDS } from './client-reasons.js';
import { CLIENT_REASONS_ES } from './reasons-es.js';
import { SAFETY_TEXT } from './safety.js';
import { PLAN_LANGUAGES, SAFETY_TOPICS, type PlanLanguage } from './vocabulary.js';
import { TRANSITION_WORDS } from './transition-words.js';
import { CHANGE_WORDS } from './client-changes.js';
import { PLAN_WORDS } from './words.js';

const MAX_GRADE_EN = 8;
const MIN_EASE_ES = 70;

function units(language: PlanLanguage): Array<{ name: string; texts: string[] }> {
  const words = PLAN_WORDS[language];
  const date = language === 'en' ? 'April 15, 2026' : '15 de abril de 2026';
  const setting = words.settings.iop.name;
  const { phrases } = words;
  return [
    {
      name: 'settings',
      texts: [...Object.values(words.settings).flatMap((s) => [s.name, s.what]), words.withRecoveryResidence],
    },
    { name: 'headings', texts: Object.values(words.headings) },
    {
      name: 'phrases',
      texts: [
        phrases.recommendedWas(setting),
        phrases.youChose(setting),
        phrases.checkIn(date),
        phrases.howYouWillKnow,
        phrases.by(date),
        phrases.therapies,
        phrases.supportGroups,
        phrases.soberContacts,
        phrases.triggers,
        phrases.warningSigns,
        phrases.copingSteps,
        phrases.peopleToCall,
        phrases.finalisedOn(date),
        phrases.acknowledge,
        phrases.acknowledged(date),
        phrases.crisisBar,
        phrases.notAvailableTitle,
        phrases.notAvailable,
        phrases.notFoundTitle,
        phrases.notFound,
        phrases.note,
      ],
    },
    {
      name: 'services and answers',
      texts: [
        ...Object.values(words.services),
        ...Object.values(words.medicationFor),
        ...Object.values(words.naloxone),
        ...Object.values(words.medication),
      ],
    },
    ...SAFETY_TOPICS.map((topic) => {
      const text = SAFETY_TEXT[language][topic];
      return {
        name: `safety ${topic}`,
        texts: [text.title, ...text.paragraphs, ...(text.stepsIntro ? [text.stepsIntro] : []), ...text.steps],
      };
    }),
    ...Object.values(GOAL_TEMPLATES).map((template) => ({
      name: `goal ${template.id}`,
      texts: [template.words[language].label, template.words[language].text, template.words[language].measure],
    })),
    ...transitionUnits(language, date),
    ...(language === 'es'
      ? Object.entries(CLIENT_REASONS_ES).map(([rule, text]) => ({ name: `reason ${rule}`, texts: [text] }))
      : []),
    { name: 'variance reasons', texts: Object.values(VARIANCE_CLIENT_WORDS[language]) },
    // The rule set holds each rule's client wording in English; Spanish is CLIENT_REASONS_ES above.
    ...(language === 'en'
      ? defaultRuleSetDocument.rules.map((rule) => ({ name: `reason ${rule.id}`, texts: [rule.clientText] }))
      : []),
  ];
}

/** plan@2's client words: the first step, withdrawal care, appointments, medicines, the safety plan. */
function transitionUnits(language: PlanLanguage, date: string): Array<{ name: string; texts: string[] }> {
  const words = TRANSITION_WORDS[language];
  const changes = CHANGE_WORDS[language];
  const step = language === 'en' ? 'a day program' : 'un programa de día';
  return [
    { name: 'transition headings', texts: Object.values(words.headings) },
    {
      // The frames around a step's name; the names themselves are scored with the settings.
      name: 'first step',
      texts: [words.first(step), words.afterThat(step), words.recommendedFirst(step)],
    },
    ...Object.entries(words.withdrawal).map(([id, step]) => ({
      name: `withdrawal ${id}`,
      texts: [step.name, step.what],
    })),
    { name: 'appointment kinds', texts: Object.values(words.appointmentKinds) },
    {
      name: 'appointment card',
      texts: [words.when, words.where, words.phone, words.bring, words.bringList, words.bringMedicines],
    },
    {
      name: 'medicines',
      texts: [words.dose, words.from, words.lastDose, words.bridge(date), words.course.taper, words.course.stop],
    },
    { name: 'no appointment', texts: Object.values(words.noAppointment) },
    {
      // Each line as the client reads it: a condition, then what the care team may do.
      name: 'what could change the plan',
      texts: [
        changes.heading,
        changes.intro,
        ...[...Object.values(changes.flagCleared), ...Object.values(changes.factFound)].flatMap((condition) => [
          `${condition}, ${changes.mayChange}`,
          `${condition}, ${changes.suggestInstead(step)}`,
        ]),
      ],
    },
    { name: 'safety plan', texts: Object.values(words.safetyPlan) },
  ];
}

describe.each(PLAN_LANGUAGES)('plan wording in %s', (language) => {
  it.each(units(language).map((unit) => [unit.name, unit] as const))('%s is plain enough to read', (_name, unit) => {
    const counts = countText(unit.texts, language);
    expect(counts.words).toBeGreaterThan(0);
    if (language === 'en') {
      expect(fleschKincaidGradeOf(counts), unit.texts.join(' | ')).toBeLessThanOrEqual(MAX_GRADE_EN);
    } else {
      expect(fernandezHuertaOf(counts), unit.texts.join(' | ')).toBeGreaterThanOrEqual(MIN_EASE_ES);
    }
  });

  it('has the same keys in both languages', () => {
    const other = language === 'en' ? 'es' : 'en';
    expect(
      units(language)
        .map((unit) => unit.name)
        .filter((name) => !name.startsWith('reason')),
    ).toEqual(
      units(other)
        .map((unit) => unit.name)
        .filter((name) => !name.startsWith('reason')),
    );
  });
});

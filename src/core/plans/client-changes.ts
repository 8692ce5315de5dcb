/**
 * What could change the client's plan, in their words (issue 10 item 4): the engine's
 * what-would-change over flags and facts (a flag that, cleared, changes the result: "if a home free
 * of alcohol and drugs is found"; a fact nobody recorded that, found, would change it), shown on the
 * client's copy only for the step the client is in.
 *
 * Honest about what is known: each change names only the level of care it would lead to (the one
 * thing the engine's entry states in structure), so a change within the same level reads "your care
 * team may change your plan", and every change is a suggestion for the care team, never a promise.
 * Changes of a rating are left out: a rating is the clinician's judgement, not something the client
 * can notice and tell. Nothing is shown when the plan does not follow the recommendation (a
 * different level, sober-home pairing or withdrawal care was chosen: the what-if is about a
 * recommendation the client is not following), or when the first step is an urgent evaluation.
 */
import type { WhatWouldChange } from '../recommendation.js';
import type { FlagId } from '../assessment.js';
import { type PlanDocument, selectionDiffers, withdrawalSelectionDiffers } from './plan-schema.js';
import type { PlanLanguage } from './vocabulary.js';
import { settingPhrase } from './words.js';

type FactId = Extract<WhatWouldChange, { fact: string }>['fact'];

interface ChangeWords {
  heading: string;
  intro: string;
  /** A flag that, no longer true, would change the plan. Danger now is left to the urgent evaluation. */
  flagCleared: Readonly<Record<Exclude<FlagId, 'imminentDanger'>, string>>;
  /** A fact that, found true, would change the plan. */
  factFound: Readonly<Record<FactId, string>>;
  suggestInstead: (setting: string) => string;
  mayChange: string;
}

export const CHANGE_WORDS: Readonly<Record<PlanLanguage, ChangeWords>> = {
  en: {
    heading: 'What could change your plan',
    intro: 'Your plan fits how things are for you today. Tell your care team if one of these is true for you.',
    flagCleared: {
      withdrawalRisk: 'If your withdrawal is not likely to be dangerous',
      intoxicated: 'When you are checked again while sober',
      needs24HourStructure: 'If you no longer need support day and night',
      coOccurringMentalHealth: 'If you no longer need care for your mental health at the same time',
      homeResponsibilities: 'If work, school or caring for others no longer shapes your week',
      unsafeHousing: 'If you find a home free of alcohol and drugs',
    },
    factFound: {
      withdrawalSeizureOrDeliriumHistory:
        'If you have ever had a seizure, or been very confused, when you stopped drinking or using',
      opioidOverdosePast12Months: 'If you overdosed on opioids in the past year',
      pregnant: 'If you are pregnant',
    },
    suggestInstead: (setting) => `your care team may suggest this instead: ${setting}.`,
    mayChange: 'your care team may change your plan.',
  },
  es: {
    heading: 'Qué podría cambiar su plan',
    intro: 'Su plan es para cómo están las cosas hoy. Avise a su equipo de salud si algo de esto es cierto para usted.',
    flagCleared: {
      withdrawalRisk: 'Si su abstinencia no parece peligrosa',
      intoxicated: 'Cuando le hagan otra revisión sin haber consumido',
      needs24HourStructure: 'Si ya no necesita apoyo de día y de noche',
      coOccurringMentalHealth: 'Si ya no necesita atención para su salud mental al mismo tiempo',
      homeResponsibilities: 'Si el trabajo, la escuela o cuidar a otras personas ya no marcan su semana',
      unsafeHousing: 'Si encuentra un hogar libre de alcohol y drogas',
    },
    factFound: {
      withdrawalSeizureOrDeliriumHistory:
        'Si alguna vez tuvo una convulsión, o se sintió muy confundido o confundida, al dejar de beber o de consumir',
      opioidOverdosePast12Months: 'Si tuvo una sobredosis de opioides en el último año',
      pregnant: 'Si está embarazada',
    },
    suggestInstead: (setting) => `su equipo de salud puede sugerir esto en su lugar: ${setting}.`,
    mayChange: 'su equipo de salud puede cambiar su plan.',
  },
};

/** The condition of one change in the client's words, or undefined for a change the client does not read. */
function conditionOf(change: WhatWouldChange, words: ChangeWords): string | undefined {
  if ('flag' in change) return change.flag === 'imminentDanger' ? undefined : words.flagCleared[change.flag];
  if ('fact' in change) return words.factFound[change.fact];
  return undefined;
}

/**
 * The lines the client reads about what could change their plan (an intro, then one line a change),
 * or none. `changes` is the stored recommendation's `whatWouldChange` for the assessment version the
 * plan was made from.
 */
export function clientChanges(
  plan: PlanDocument,
  changes: readonly WhatWouldChange[],
  language: PlanLanguage,
): string[] {
  if (plan.urgent || plan.sequence[0]?.step === 'urgent-evaluation') return [];
  if (selectionDiffers(plan) || withdrawalSelectionDiffers(plan)) return [];
  const words = CHANGE_WORDS[language];
  const lines: string[] = [];
  for (const change of changes) {
    const condition = conditionOf(change, words);
    if (condition === undefined) continue;
    const outcome =
      change.setting === plan.recommendedSetting
        ? words.mayChange
        : words.suggestInstead(settingPhrase(change.setting, false, language));
    const line = `${condition}, ${outcome}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines.length === 0 ? [] : [words.intro, ...lines];
}

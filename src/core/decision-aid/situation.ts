/**
 * "My situation": plain questions whose answers become things to talk about with the therapist,
 * grouped by what they point toward. Never a level or a verdict. Some answers are red flags that
 * stop the flow and show what to do now (domain brief 6.2, 6.3, REQ-S2).
 */

/** Each question and its possible answers; the words live in content/<lang>. */
export const SITUATION_QUESTIONS = {
  suicide: ['no', 'yes'],
  overdose: ['no', 'yes'],
  withdrawalNow: ['no', 'mild', 'strong'],
  heavyUse: ['no', 'yes'],
  safeAlone: ['yes', 'not-sure', 'no'],
  mentalHealth: ['no', 'yes', 'not-sure'],
  responsibilities: ['none', 'work', 'school', 'children', 'several'],
  home: ['sober', 'someone-uses', 'no-home'],
  therapistSaid: ['not-yet', 'iop', 'php', 'op', 'recovery-residence', 'residential', 'mutual-help'],
  support: ['yes', 'some', 'no'],
  confidence: ['very', 'somewhat', 'not'],
} as const;

export type QuestionId = keyof typeof SITUATION_QUESTIONS;
export type Answers = { [Q in QuestionId]?: (typeof SITUATION_QUESTIONS)[Q][number] };
export const QUESTION_IDS = Object.keys(SITUATION_QUESTIONS) as QuestionId[];

/** The questions asked first, because a yes stops the flow. */
export const SAFETY_QUESTIONS: readonly QuestionId[] = ['suicide', 'overdose', 'withdrawalNow', 'heavyUse'];

export type RedFlag = 'suicide' | 'overdose' | 'withdrawal' | 'heavy-use';

/** Red flags in the answers: any one of them means "get help now", not "keep deciding". */
export function redFlags(answers: Answers): RedFlag[] {
  const flags: RedFlag[] = [];
  if (answers.suicide === 'yes') flags.push('suicide');
  if (answers.overdose === 'yes') flags.push('overdose');
  if (answers.withdrawalNow === 'strong') flags.push('withdrawal');
  // Stopping alcohol, benzodiazepines or barbiturates suddenly can cause seizures (FDA 2020; ASAM 2020).
  if (answers.heavyUse === 'yes') flags.push('heavy-use');
  return flags;
}

/** What a group of talking points points toward; headings live in content. */
export const POINT_GROUPS = ['more-support', 'schedule', 'home', 'mental-health', 'support', 'therapist'] as const;
export type PointGroup = (typeof POINT_GROUPS)[number];

export interface TalkingPoints {
  group: PointGroup;
  points: string[];
}

/** Turns answers into talking points, grouped, in a fixed order. Each point is an id into content. */
export function talkingPoints(answers: Answers): TalkingPoints[] {
  const byGroup = new Map<PointGroup, string[]>();
  const add = (group: PointGroup, point: string): void => {
    byGroup.set(group, [...(byGroup.get(group) ?? []), point]);
  };
  if (answers.withdrawalNow === 'mild') add('more-support', 'mild-withdrawal');
  if (answers.safeAlone === 'no') add('more-support', 'not-safe-alone');
  if (answers.safeAlone === 'not-sure') add('more-support', 'unsure-safe-alone');
  if (answers.confidence === 'not') add('more-support', 'low-confidence');
  if (answers.confidence === 'very') add('schedule', 'high-confidence');
  if (answers.responsibilities === 'work') add('schedule', 'work');
  if (answers.responsibilities === 'school') add('schedule', 'school');
  if (answers.responsibilities === 'children') add('schedule', 'children');
  if (answers.responsibilities === 'several') add('schedule', 'several');
  if (answers.home === 'someone-uses') add('home', 'someone-uses');
  if (answers.home === 'no-home') add('home', 'no-home');
  if (answers.mentalHealth === 'yes') add('mental-health', 'in-treatment');
  if (answers.mentalHealth === 'not-sure') add('mental-health', 'not-sure');
  if (answers.support === 'some') add('support', 'some-support');
  if (answers.support === 'no') add('support', 'no-support');
  if (answers.therapistSaid === 'not-yet') add('therapist', 'ask-recommendation');
  else if (answers.therapistSaid !== undefined) add('therapist', 'ask-why');
  return POINT_GROUPS.filter((group) => byGroup.has(group)).map((group) => ({
    group,
    points: byGroup.get(group) ?? [],
  }));
}

/** Every talking-point id the logic can produce, by group (content must word each one). */
export const TALKING_POINT_IDS: Readonly<Record<PointGroup, readonly string[]>> = {
  'more-support': ['mild-withdrawal', 'not-safe-alone', 'unsure-safe-alone', 'low-confidence'],
  schedule: ['high-confidence', 'work', 'school', 'children', 'several'],
  home: ['someone-uses', 'no-home'],
  'mental-health': ['in-treatment', 'not-sure'],
  support: ['some-support', 'no-support'],
  therapist: ['ask-recommendation', 'ask-why'],
};

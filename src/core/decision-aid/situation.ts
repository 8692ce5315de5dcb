/**
 * "My situation": plain questions whose answers become things to talk about with the therapist,
 * grouped by what they point toward. Never a level or a verdict. The safety questions are anchored
 * in time and leave out medicine taken as prescribed; each answer that matters shows the help that
 * fits it, in place, and is carried to the summary as something to tell the care team. Nothing
 * stops the person going on: only an answer of immediate danger puts 988 and 911 first on the
 * screen (domain brief 6.2, 6.3, REQ-S2).
 */

/** Each question and its possible answers; the words live in content/<lang>. */
export const SITUATION_QUESTIONS = {
  /** Thoughts of ending one's life in the last 2 weeks, and whether right now. */
  suicide: ['no', 'past', 'now'],
  /** An overdose in the last 3 months, including the one before rehab. */
  overdose: ['no', 'yes'],
  /** Withdrawal symptoms in the last 2 days. */
  withdrawalNow: ['no', 'mild', 'strong'],
  /** Heavy daily drinking or sedative pills, not counting medicine taken as prescribed. */
  heavyUse: ['no', 'yes'],
  /** A medicine for opioid or alcohol use (MOUD or MAUD) taken now. */
  medication: ['none', 'opioid', 'alcohol', 'not-sure'],
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

/** The questions asked first: the safety questions. */
export const SAFETY_QUESTIONS: readonly QuestionId[] = ['suicide', 'overdose', 'withdrawalNow', 'heavyUse'];

/** An answer to a safety question that the person should hear help for, and tell their care team. */
export const SAFETY_NOTES = [
  'suicide-now',
  'suicide-past',
  'overdose',
  'withdrawal-strong',
  'withdrawal-mild',
  'heavy-use',
] as const;
export type SafetyNote = (typeof SAFETY_NOTES)[number];

/** The note each safety answer raises, by question and answer. */
const NOTE_OF: Readonly<Partial<Record<QuestionId, Readonly<Record<string, SafetyNote>>>>> = {
  suicide: { now: 'suicide-now', past: 'suicide-past' },
  overdose: { yes: 'overdose' },
  withdrawalNow: { strong: 'withdrawal-strong', mild: 'withdrawal-mild' },
  heavyUse: { yes: 'heavy-use' },
};

/** The note one question's answer raises, if any: the help shown under that question. */
export function safetyNoteFor(question: QuestionId, answers: Answers): SafetyNote | undefined {
  const answer = answers[question];
  return answer === undefined ? undefined : NOTE_OF[question]?.[answer];
}

/** Every note the answers raise, in question order: what the summary asks the person to tell their care team. */
export function safetyNotes(answers: Answers): SafetyNote[] {
  return SAFETY_QUESTIONS.flatMap((question) => {
    const note = safetyNoteFor(question, answers);
    return note === undefined ? [] : [note];
  });
}

/** Immediate danger: 988 and 911 go first on the screen. It never stops the person going on. */
export function immediateDanger(answers: Answers): boolean {
  return answers.suicide === 'now';
}

/** What a group of talking points points toward; headings live in content. */
export const POINT_GROUPS = [
  'more-support',
  'medication',
  'schedule',
  'home',
  'mental-health',
  'support',
  'therapist',
] as const;
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
  if (answers.medication === 'opioid' || answers.medication === 'alcohol') add('medication', 'keep-medicine');
  if (answers.medication === 'opioid') add('medication', 'bridge');
  if (answers.medication === 'none') add('medication', 'ask-medicine');
  if (answers.medication === 'not-sure') add('medication', 'not-sure');
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
  medication: ['keep-medicine', 'bridge', 'ask-medicine', 'not-sure'],
  schedule: ['high-confidence', 'work', 'school', 'children', 'several'],
  home: ['someone-uses', 'no-home'],
  'mental-health': ['in-treatment', 'not-sure'],
  support: ['some-support', 'no-support'],
  therapist: ['ask-recommendation', 'ask-why'],
};

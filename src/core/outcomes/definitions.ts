/**
 * What each clinic outcome figure counts, in words: the same text on the outcomes page, in the CSV
 * export and in docs/outcomes.md (a test checks the document quotes each one), so a figure is never
 * read without its definition.
 */

export const OUTCOME_FIGURE_IDS = [
  'check-in-completion',
  'first-session-7-days',
  'retention-30',
  'retention-60',
  'retention-90',
  'phq9-response',
  'phq9-remission',
  'gad7-response',
  'gad7-remission',
  'signals-acted-on',
  'signals-acted-on-within-24-hours',
  'step-up-signals-acted-on',
  'step-down-signals-acted-on',
] as const;
export type OutcomeFigureId = (typeof OUTCOME_FIGURE_IDS)[number];

/** How long after discharge an episode is followed: the plan's reassessment falls within 90 days. */
export const FOLLOW_UP_DAYS = 90;
/** A first session counts when it is on or before this day after discharge. */
export const FIRST_SESSION_DAYS = 7;
export const RETENTION_DAYS = [30, 60, 90] as const;
/** The baseline PHQ-9 or GAD-7 is the first result from this many days before discharge ... */
export const BASELINE_DAYS_BEFORE = 30;
/** ... to this many days after it. */
export const BASELINE_DAYS_AFTER = 14;
/** Response and remission are counted for baselines at or above this (moderate symptoms). */
export const BASELINE_MIN = 10;
/** Remission: a follow-up result below this. */
export const REMISSION_BELOW = 5;
/** An alert acted on within this many hours counts as acted on the same day. */
export const ACTED_ON_WITHIN_HOURS = 24;

/** Who is counted, said once at the top of the page and the document. */
export const EPISODE_DEFINITION =
  'An episode is a finalised discharge plan. Its discharge day is the plan’s discharge date (or, for a plan without one, the day it was first finalised), and its clinician is whoever finalised its latest version. The range picks the episodes whose discharge day falls in it, up to today; each figure then follows those people from their discharge day for 90 days. A figure is counted only once the days it needs are over.';

export const OUTCOME_LABELS: Record<OutcomeFigureId, string> = {
  'check-in-completion': 'Check-ins completed',
  'first-session-7-days': 'First session within 7 days of discharge',
  'retention-30': 'Still in touch at 30 days',
  'retention-60': 'Still in touch at 60 days',
  'retention-90': 'Still in touch at 90 days',
  'phq9-response': 'PHQ-9 response (50% drop)',
  'phq9-remission': 'PHQ-9 remission (below 5)',
  'gad7-response': 'GAD-7 response (50% drop)',
  'gad7-remission': 'GAD-7 remission (below 5)',
  'signals-acted-on': 'Safety signals acted on',
  'signals-acted-on-within-24-hours': 'Safety signals acted on within 24 hours',
  'step-up-signals-acted-on': 'Step-up signals acted on',
  'step-down-signals-acted-on': 'Step-down signals acted on',
};

const retention = (days: number) =>
  `Of the episodes whose day ${days} after discharge is over, the share where the client answered a check-in, or was recorded as attending a session, on or after day ${days}.`;

const stepSignals = (kind: string, examples: string) =>
  `Of the ${kind} signals the signal rules raised in the 90 days after discharge (${examples}), the share a clinician acted on: marked as acted on with a note of what was done, or followed by a new or revised assessment of the client while the signal was open. A signal whose rule stopped holding before anyone acted (a later result no longer raised it) is cleared, which is not acted on. The signals are kept when a result is recorded or the client’s signals are read; the figure counts how many were raised, not how many people.`;

const response = (name: string) =>
  `Of the episodes with a baseline ${name} of 10 or more and a later result, the share whose latest result within 90 days of discharge is half the baseline or less. The baseline is the first ${name} from 30 days before discharge to 14 days after it. Episodes with a baseline and no later result are left out and counted beside the figure.`;

const remission = (name: string) =>
  `Of the same episodes as ${name} response (a baseline of 10 or more and a later result), the share whose latest result within 90 days of discharge is below 5.`;

export const OUTCOME_DEFINITIONS: Record<OutcomeFigureId, string> = {
  'check-in-completion':
    'Check-ins the client answered over check-ins their schedule asked for, from the discharge day to 90 days after it (or to today). Each instrument the client answers asks once per period of its schedule (weekly, every two weeks); answers beyond what was asked are not counted. The schedule is the client’s current one. Results a clinician enters (attendance, drug tests) are not check-ins.',
  'first-session-7-days':
    'Of the episodes whose seventh day after discharge is over, the share where a referral of the client was marked first session attended on a day from the discharge day to 7 days after it.',
  'retention-30': retention(30),
  'retention-60': retention(60),
  'retention-90': retention(90),
  'phq9-response': response('PHQ-9'),
  'phq9-remission': remission('PHQ-9'),
  'gad7-response': response('GAD-7'),
  'gad7-remission': remission('GAD-7'),
  'signals-acted-on':
    'Of the safety alerts raised in the 90 days after discharge (PHQ-9 item 9 above 0, a reported overdose, opioids used alone, a return to use after two or more weeks without it), the share a clinician acknowledged with a note of what was done. Step-up and step-down signals are counted in their own figures below.',
  'signals-acted-on-within-24-hours':
    'Of the same safety alerts, the share acknowledged with a note within 24 hours of being raised.',
  'step-up-signals-acted-on': stepSignals(
    'step-up',
    'use again, use rising, risk up and protection down, check-ins or sessions missed, PHQ-9 or GAD-7 reliably worse',
  ),
  'step-down-signals-acted-on': stepSignals('step-down readiness', 'weeks of stability, or the plan’s goals met'),
};

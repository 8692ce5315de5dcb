/**
 * The six assessment dimensions, in our own words. The six-dimension structure is the one public
 * state rules use; the names and rating anchors here are written for Stepdown and are not ASAM text.
 */

export type DimensionId = 'd1' | 'd2' | 'd3' | 'd4' | 'd5' | 'd6';

export const DIMENSION_IDS: readonly DimensionId[] = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];

/** A rating from 0 (none) to 4 (extreme, imminent danger). */
export type Rating = 0 | 1 | 2 | 3 | 4;

export const RATINGS: readonly Rating[] = [0, 1, 2, 3, 4];

export const RATING_WORDS: Readonly<Record<Rating, string>> = {
  0: 'none',
  1: 'mild',
  2: 'moderate',
  3: 'severe',
  4: 'extreme',
};

export interface Dimension {
  id: DimensionId;
  name: string;
  covers: string;
  /** What each rating looks like in this dimension, in plain clinical words. */
  anchors: Readonly<Record<Rating, string>>;
}

export const DIMENSIONS: Readonly<Record<DimensionId, Dimension>> = {
  d1: {
    id: 'd1',
    name: 'Intoxication and withdrawal',
    covers: 'Current intoxication, and how severe withdrawal has been or is likely to be.',
    anchors: {
      0: 'No recent use and no withdrawal signs or expected withdrawal.',
      1: 'Mild, fading withdrawal signs that the person manages without help.',
      2: 'Moderate withdrawal signs, or withdrawal expected, that can be handled with outpatient medical support.',
      3: 'Severe withdrawal signs, or a history that predicts them; needs 24-hour monitored withdrawal care.',
      4: 'Withdrawal that is dangerous now (seizure, delirium, unstable vital signs); needs emergency care.',
    },
  },
  d2: {
    id: 'd2',
    name: 'Physical health',
    covers: 'Physical illness, pain, pregnancy and medical needs that affect or are affected by treatment.',
    anchors: {
      0: 'No physical health problems that affect treatment.',
      1: 'Stable conditions, managed in the community.',
      2: 'Conditions that need regular attention but can be managed while living at home.',
      3: 'Conditions that need daily medical monitoring.',
      4: 'A medical emergency or an unstable condition that needs hospital care now.',
    },
  },
  d3: {
    id: 'd3',
    name: 'Mental health, emotions and thinking',
    covers: 'Psychiatric symptoms, trauma, thinking problems, and the risk they bring.',
    anchors: {
      0: 'No mental health symptoms that affect treatment.',
      1: 'Mild symptoms; stable with current care.',
      2: 'Symptoms that get in the way of daily life or recovery and need regular treatment.',
      3: 'Severe symptoms that need daily structured treatment, with no imminent danger.',
      4: 'Imminent danger to self or others, or symptoms so severe the person cannot stay safe.',
    },
  },
  d4: {
    id: 'd4',
    name: 'Readiness to change',
    covers: 'How engaged the person is in changing their use and in treatment.',
    anchors: {
      0: 'Engaged and committed to recovery.',
      1: 'Willing, with some doubts.',
      2: 'Ambivalent; needs motivational work to stay engaged.',
      3: 'Not interested in change; engagement is unlikely without structure.',
      4: 'Refuses treatment while facing serious harm from continued use.',
    },
  },
  d5: {
    id: 'd5',
    name: 'Relapse and continued-use risk',
    covers: 'Craving, relapse history, coping skills, and awareness of triggers.',
    anchors: {
      0: 'Low risk; strong coping skills.',
      1: 'Some risk; coping skills that mostly hold.',
      2: 'Real risk of return to use without close support; coping skills are still forming.',
      3: 'High risk of return to use soon without daily structure.',
      4: 'Continued use is near certain without 24-hour structure, with serious harm likely.',
    },
  },
  d6: {
    id: 'd6',
    name: 'Recovery and living environment',
    covers: 'Housing, family and friends, work or school, and safety where the person lives.',
    anchors: {
      0: 'A safe, supportive home and people who back recovery.',
      1: 'Mostly supportive, with some strain.',
      2: 'Little support, or people around who use; recovery is harder at home.',
      3: 'Home works against recovery (use, conflict or instability) most days.',
      4: 'Home is dangerous (violence, active use, or no home), and the person cannot stay safe there.',
    },
  },
};

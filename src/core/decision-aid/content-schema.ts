/**
 * The shape of the decision aid's content, one bundle per language in content/<lang>/guide.json. Content
 * is data: writers change words and sources without touching code, and tests check every bundle
 * (all fields present, sources resolved, benefits and downsides balanced, reading level).
 */
import { z } from 'zod';

import { FACT_TOPICS, LANGUAGES, OPTION_IDS, VALUE_IDS } from './ids.js';
import { SAFETY_NOTES } from './situation.js';

export * from './ids.js';

const text = z.string().trim().min(1);
const sourceIds = z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1);

export const FactSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  topic: z.enum(FACT_TOPICS),
  text,
  sources: sourceIds,
});

export const OptionContentSchema = z.strictObject({
  id: z.enum(OPTION_IDS),
  name: text,
  summary: text,
  hoursPerWeek: text,
  livingAtHome: text,
  workAndFamily: text,
  typicalWeek: text,
  whoItSuits: text,
  benefits: z.array(text).min(2),
  downsides: z.array(text).min(2),
  /** What studies show about this option, said as plainly for every option (IPDAS balance). */
  evidence: z.strictObject({ text, sources: sourceIds }),
  /** Questions to ask about this option, the first about keeping one's medicine. */
  ask: z.array(text).min(2),
  /** How the option bears on each value, in neutral words (shown beside the person's values). */
  values: z.strictObject({
    job: text,
    children: text,
    structure: text,
    privacy: text,
    cost: text,
    time: text,
    family: text,
  }),
  sources: sourceIds,
});

export const SourceSchema = z.strictObject({ citation: text, url: z.url().optional() });

export const ContentBundleSchema = z.strictObject({
  language: z.enum(LANGUAGES),
  meta: z.strictObject({
    title: text,
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    published: z.iso.date(),
    lastReviewed: z.iso.date(),
    updatePolicy: text,
    madeBy: text,
    /** Who the developers are and what they are not (IPDAS: the developers' credentials). */
    credentials: text,
    funding: text,
    conflictsOfInterest: text,
    evidenceAndLimits: text,
    howReviewed: text,
    /** The reading level of the whole guide; `{grade}` is its measured score, checked by a test. */
    readingLevel: text,
    /** The measured score `readingLevel` names (FK grade in English, Fernández-Huerta in Spanish), rounded. */
    readingScore: z.number().int(),
    notAdvice: text,
  }),
  sources: z.record(z.string().regex(/^[a-z0-9-]+$/), SourceSchema),
  decision: z.strictObject({ title: text, paragraphs: z.array(text).min(1) }),
  facts: z.array(FactSchema).min(6),
  options: z.array(OptionContentSchema).length(OPTION_IDS.length),
  /** One question per situation item (see situation.ts), and the words for each answer. */
  situation: z.record(
    z.string(),
    z.strictObject({ question: text, help: text.optional(), answers: z.record(z.string(), text) }),
  ),
  /** Things to talk about with the therapist, grouped by what they point toward. */
  talkingPoints: z.record(z.string(), z.strictObject({ heading: text, points: z.record(z.string(), text) })),
  /**
   * The help each safety answer shows under its question, and the words that carry it to the
   * summary ("tell your care team"); the panel that puts 988 and 911 first in immediate danger.
   */
  safety: z.strictObject({
    urgent: z.strictObject({ title: text, body: text }),
    notes: z.record(
      z.enum(SAFETY_NOTES),
      z.strictObject({ heading: text, help: z.array(text).min(2), tellCareTeam: text }),
    ),
    careTeamHeading: text,
    careTeamIntro: text,
  }),
  values: z.record(z.enum(VALUE_IDS), z.strictObject({ label: text, description: text })),
  sure: z.strictObject({
    intro: text,
    items: z.strictObject({ sure: text, understand: text, risks: text, encouragement: text }),
    lowScore: text,
    highScore: text,
    attribution: text,
    /** What the person can do next for each question answered no (Ottawa Decision Guide). */
    nextSteps: z.strictObject({ sure: text, understand: text, risks: text, encouragement: text }),
    /** Shown when the person feels pushed toward an option. */
    pressureHelp: text,
  }),
  family: z.strictObject({ heading: text, points: z.array(text).min(2) }),
});

/** Short interface words (buttons, headings, labels) in content/<lang>/ui.json; same keys in every language. */
export const UiStringsSchema = z.record(z.string().regex(/^[a-zA-Z0-9.-]+$/), text);

export type ContentBundle = z.infer<typeof ContentBundleSchema>;
export type UiStrings = z.infer<typeof UiStringsSchema>;
export type OptionContent = z.infer<typeof OptionContentSchema>;
export type Fact = z.infer<typeof FactSchema>;

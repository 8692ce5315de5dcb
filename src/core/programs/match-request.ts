/**
 * What a person (or their clinician) asks the matcher: their free time, where they are, how far
 * they can travel, the setting they are looking for, and what they cannot do without.
 */
import { z } from 'zod';
import { WeeklyTimeSchema } from '../schedule/weekly-time.js';
import { MATCH_LANGUAGES } from './match-wording.js';
import { MOUD, PAYMENTS, POPULATIONS, PROGRAM_SETTINGS } from './program.js';

export const MAX_RADIUS_MILES = 500;
export const MAX_MATCH_LIMIT = 100;

export const PointSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type Point = z.infer<typeof PointSchema>;

export const NeedsSchema = z.strictObject({
  /** Wants care for mental health alongside substance use: ranks capable programs first. */
  coOccurring: z.boolean().optional(),
  /** A medication the person takes and must keep taking: programs that would stop it are left out. */
  medicationContinuity: z.enum(MOUD).optional(),
  /**
   * Medications the person takes (the plan's): programs that accept every one (they provide it, or
   * take people whose prescriber is elsewhere) rank above those that do not, which are marked.
   */
  medications: z
    .array(z.enum(MOUD))
    .max(MOUD.length)
    .refine((list) => new Set(list).size === list.length, 'lists a medication twice')
    .optional(),
  /** A language tag (`es`) or name (`Spanish`) the sessions must be offered in. */
  language: z.string().trim().min(1).max(60).optional(),
  payment: z.enum(PAYMENTS).optional(),
  population: z.enum(POPULATIONS).optional(),
  /** Wants a sober home (recovery residence) beside outpatient care: only programs that list one (HH). */
  recoveryHousing: z.boolean().optional(),
});
export type MatchNeeds = z.infer<typeof NeedsSchema>;

/** The language the explanations are worded in; English when not given. */
export const MatchLanguageSchema = z
  .enum(MATCH_LANGUAGES)
  .describe(
    "The language of the explanations (fit, conflicts, notes) and of each program's source label: en (the default) or es",
  );

/** The matcher's input once a ZIP code has been turned into a point. */
export const MatchRequestSchema = z.strictObject({
  availability: WeeklyTimeSchema.optional(),
  location: PointSchema,
  radiusMiles: z.number().positive().max(MAX_RADIUS_MILES),
  /** Telehealth programs count whatever their distance (within `state`, when given). */
  telehealthOk: z.boolean().optional(),
  /** The person's state: telehealth programs are licensed by state, so only that state's reach them. */
  state: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter state code, as in MA')
    .optional(),
  setting: z.enum(PROGRAM_SETTINGS),
  needs: NeedsSchema.optional(),
  limit: z.int().min(1).max(MAX_MATCH_LIMIT).optional(),
  /** English when not given. */
  language: MatchLanguageSchema.optional(),
});
export type MatchRequest = z.infer<typeof MatchRequestSchema>;

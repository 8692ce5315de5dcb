/**
 * The `stepdown/recommendation@1` document (DESIGN.md 4.2). The engine builds it; this schema checks
 * it at every edge (CLI output tests, server responses, stored results read back).
 */
import { z } from 'zod';
import { DIMENSION_IDS } from './dimensions.js';
import { SETTINGS, WITHDRAWAL_MANAGEMENT } from './settings.js';

export const RECOMMENDATION_SCHEMA_ID = 'stepdown/recommendation@1';

const setting = z.enum(SETTINGS as ['op', 'iop', 'php', 'residential', 'inpatient']);
const primarySetting = z.enum([...SETTINGS, 'urgent-evaluation'] as [
  'op',
  'iop',
  'php',
  'residential',
  'inpatient',
  'urgent-evaluation',
]);
const dimension = z.enum(DIMENSION_IDS as ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);

const HoursSchema = z.strictObject({ min: z.number().min(0), max: z.number().min(0).optional() });

export const BasisEntrySchema = z.strictObject({
  rule: z.string().min(1),
  dimension: dimension.optional(),
  /** What the rule did: `urgent`, `floor:iop`, `withdrawal:residential`, `recovery-residence`, `note`. */
  effect: z.string().min(1),
  text: z.string().min(1),
  clientText: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
});

export const RecommendationSchema = z.strictObject({
  schema: z.literal(RECOMMENDATION_SCHEMA_ID),
  urgent: z.boolean(),
  primary: z.strictObject({
    setting: primarySetting,
    /** Null for urgent evaluation and for 24-hour settings. */
    hoursPerWeek: HoursSchema.nullable(),
    withRecoveryResidence: z.boolean(),
  }),
  withdrawalManagement: z.enum(WITHDRAWAL_MANAGEMENT as ['none', 'ambulatory', 'residential', 'inpatient']),
  alternatives: z.array(z.strictObject({ setting, why: z.string().min(1) })),
  basis: z.array(BasisEntrySchema).min(1),
  whatWouldChange: z.array(
    z.strictObject({
      dimension,
      to: z.int().min(0).max(4),
      setting: primarySetting,
      text: z.string().min(1),
    }),
  ),
  ruleset: z.strictObject({
    id: z.string().min(1),
    version: z.string().min(1),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  }),
});

export type Recommendation = z.infer<typeof RecommendationSchema>;
export type BasisEntry = z.infer<typeof BasisEntrySchema>;
export type WhatWouldChange = Recommendation['whatWouldChange'][number];
export type Alternative = Recommendation['alternatives'][number];

/**
 * Request and response shapes of the measures API: the instruments offered, a result sent in, and
 * results as listed with their change against the first.
 */
import { z } from 'zod';

export const MEASURE_LIMITS = { instrument: 64, answers: 100, note: 2000 } as const;

const bilingual = z.object({ en: z.string(), es: z.string() });

export const InstrumentSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  title: bilingual,
  licence: z.enum(['free', 'stepdown-own']),
  sources: z.array(z.string()),
  enteredBy: z.enum(['client', 'clinician']),
  items: z.int().describe('How many answers a result needs, in item order'),
  totalRange: z.object({ min: z.int(), max: z.int() }).nullable(),
  better: z.enum(['lower', 'higher']),
  reliableChange: z.object({ points: z.int(), source: z.string() }).nullable(),
  bands: z.array(
    z.object({ code: z.string(), min: z.int(), max: z.int(), label: bilingual, sex: z.string().nullable() }),
  ),
  loinc: z.object({ panel: z.string().nullable(), total: z.string().nullable() }),
});

export const InstrumentListResponse = z.object({ items: z.array(InstrumentSummary) });

export const NewMeasureBody = z.strictObject({
  instrument: z.string().min(1).max(MEASURE_LIMITS.instrument).describe('An instrument id, as in phq-9'),
  answers: z
    .array(z.number().nullable())
    .max(MEASURE_LIMITS.answers)
    .describe('In item order: the value of each answer (null only for an item that may be left out)'),
  takenAt: z.iso.datetime({ offset: true }).describe('When the client answered (not in the future)'),
  sex: z
    .enum(['female', 'male'])
    .optional()
    .describe('For cut-offs that differ by sex (AUDIT-C); without it the lower cut-off is used'),
});

export const MeasureAlertResponse = z.object({
  id: z.string(),
  kind: z.literal('safety'),
  item: z.int(),
  linkId: z.string(),
  reason: z.string(),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const MeasureChangeResponse = z
  .object({
    from: z.int(),
    delta: z.int(),
    reliable: z.boolean(),
    direction: z.enum(['better', 'worse', 'same']),
  })
  .nullable()
  .describe('Against the client’s first result on this instrument; null for the first, or without a total');

export const MeasureResponse = z.object({
  id: z.string(),
  clientId: z.string(),
  instrument: z.string(),
  instrumentVersion: z.string(),
  answers: z.array(z.number().nullable()),
  total: z.int().nullable(),
  severity: z.string().nullable(),
  scores: z.record(z.string(), z.int()),
  alerts: z.array(MeasureAlertResponse),
  change: MeasureChangeResponse,
  takenAt: z.string(),
  via: z.enum(['clinician', 'check-in']),
  enteredBy: z.string().nullable(),
  createdAt: z.string(),
});

export const MeasureListResponse = z.object({ items: z.array(MeasureResponse) });

export const InstrumentParams = z.strictObject({
  id: z
    .string()
    .max(MEASURE_LIMITS.instrument)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an instrument id, as in phq-9'),
});

/**
 * Request and response shapes of the measures API: the instruments offered, a result sent in,
 * results as listed with their change against the first, the measurement schedule, check-in links
 * and what the client's check-in page reads and sends.
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

export const ScheduleEntryBody = z.strictObject({
  instrument: z.string().min(1).max(MEASURE_LIMITS.instrument),
  everyDays: z.int().min(1).max(90).describe('How often, in days (1 to 90)'),
});

export const ScheduleBody = z.strictObject({ items: z.array(ScheduleEntryBody).max(10) });

export const ScheduleResponse = z.object({
  custom: z.boolean().describe('False while the default schedule applies'),
  basis: z
    .enum(['custom', 'plan', 'no-plan'])
    .describe(
      'custom: set by a clinician, applies at once; plan: the default, from the discharge day of the latest finalised plan; no-plan: nothing is asked until a plan is finalised',
    ),
  startsAt: z
    .string()
    .nullable()
    .describe('When the plan’s schedule starts (the discharge day’s first moment); null for custom and no-plan'),
  items: z.array(
    z.object({
      instrument: z.string(),
      everyDays: z.int(),
      lastTakenAt: z.string().nullable(),
      dueAt: z.string().nullable().describe('When it is (next) due; null while no plan is finalised'),
      due: z.boolean(),
      missed: z.boolean().describe('Two periods have passed since it was last taken'),
    }),
  ),
});

export const NewCheckInLinkBody = z.strictObject({
  instruments: z
    .array(z.string().min(1).max(MEASURE_LIMITS.instrument))
    .min(1)
    .max(10)
    .optional()
    .describe('What to ask, in order; what the schedule says is due when left out'),
  language: z
    .enum(['en', 'es'])
    .optional()
    .describe('The page’s first language; the client’s preferred one by default'),
  expiresInHours: z.int().min(1).max(168).optional().describe('72 hours by default; at most a week'),
});

export const CheckInLinkResponse = z.object({
  id: z.string(),
  code: z.string().describe('Shown once: only its hash is kept'),
  path: z.string().describe('The page the client opens, /check-in/<code>'),
  instruments: z.array(z.string()),
  language: z.enum(['en', 'es']),
  createdAt: z.string(),
  expiresAt: z.string(),
});

export const CheckInCodeParams = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a check-in code'),
});

const choice = z.object({ value: z.int(), label: bilingual });
export const CheckInFormResponse = z.object({
  language: z.enum(['en', 'es']),
  expiresAt: z.string(),
  clinic: z.object({ name: z.string(), phone: z.string().nullable() }),
  instruments: z.array(
    z.object({
      id: z.string(),
      title: bilingual,
      lead: bilingual.nullable(),
      items: z.array(
        z.object({
          number: z.int(),
          linkId: z.string(),
          text: bilingual,
          kind: z.enum(['choice', 'integer']),
          min: z.int(),
          max: z.int(),
          required: z.boolean(),
          safety: z.boolean().describe('An answer at or above safetyMin shows crisis help at once'),
          safetyMin: z.int().nullable(),
          choices: z.array(choice),
        }),
      ),
    }),
  ),
});

export const CheckInSubmitBody = z.strictObject({
  submissionId: z.uuid().describe('Made by the phone once per set of answers, so a retry is recognised'),
  takenAt: z.iso.datetime({ offset: true }),
  answers: z
    .record(z.string().max(MEASURE_LIMITS.instrument), z.array(z.number().nullable()).max(MEASURE_LIMITS.answers))
    .describe('By instrument id: the answers in item order'),
});

export const CheckInSubmitResponse = z.object({ received: z.literal(true), measures: z.int() });

export const CaseloadQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe('Answer this many clients of the ranked list (every one when left out); counts stay over all'),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('Skip this many of the ranked list'),
});

export const CaseloadResponse = z.object({
  counts: z.object({
    clients: z.int(),
    due: z.int(),
    missed: z.int(),
    openAlerts: z.int(),
    needsReassessment: z.int(),
    firstSessionUnconfirmed: z.int(),
  }),
  items: z.array(
    z.object({
      clientId: z.string(),
      displayName: z.string(),
      checkIns: z
        .enum(['custom', 'plan', 'no-plan'])
        .describe(
          'Where the check-in schedule comes from: custom (set by a clinician), plan (the default, from the discharge day), no-plan (nothing asked until a plan is finalised)',
        ),
      checkInsStart: z.string().nullable().describe('When the plan’s schedule starts; null for custom or no-plan'),
      due: z.array(z.string()).describe('Instruments due now'),
      missed: z
        .array(z.string())
        .describe('Instruments a whole period overdue (since last taken, or since the discharge day when never taken)'),
      openAlerts: z.int(),
      oldestOpenAlertAt: z.string().nullable(),
      reassessBy: z.string().nullable().describe('The finalised plan’s reassessment date'),
      needsReassessment: z.boolean().describe('The reassessment date is past or within 7 days'),
      firstSessionConfirmed: z.boolean().nullable().describe('Null without a referral'),
    }),
  ),
  nextOffset: z
    .int()
    .nullable()
    .describe('The offset of the next page when a limit left clients out; null on the last page'),
});

const SignalBasis = z.array(
  z.object({ fact: z.string(), value: z.union([z.number(), z.boolean()]), meaning: z.string() }),
);

export const STEP_SIGNAL_STATES = ['open', 'acted-on', 'reassessed', 'cleared'] as const;

/** A kept step-up or step-down signal: when it was raised, and how it was closed, if it was. */
export const StepSignalResponse = z.object({
  id: z.string(),
  clientId: z.string(),
  rule: z.string(),
  kind: z.enum(['step-up', 'step-down']),
  urgency: z.string(),
  text: z.string().describe('The rule’s words as evaluated when raised'),
  basis: SignalBasis.describe('Each fact the rule read, with its value when raised'),
  ruleset: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
  raisedAt: z.string(),
  state: z
    .enum(STEP_SIGNAL_STATES)
    .describe(
      'open; acted-on (a note); reassessed (a new assessment of the client); cleared (its rule stopped holding before anyone acted, which is not acted on)',
    ),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
  reassessedAt: z.string().nullable(),
  reassessmentId: z.string().nullable().describe('The assessment that closed it'),
  clearedAt: z.string().nullable().describe('When its rule stopped holding; null while it holds'),
});

export const SignalsResponse = z.object({
  ruleset: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
  facts: z.record(z.string(), z.union([z.number(), z.boolean()])),
  signals: z.array(
    z.object({
      rule: z.string(),
      kind: z.enum(['safety', 'step-up', 'step-down']),
      urgency: z.enum(['same-day', 'this-week', 'next-review']),
      text: z.string(),
      basis: SignalBasis,
      sources: z.array(z.string()),
      offersReassessment: z.boolean(),
      id: z
        .string()
        .nullable()
        .describe('A step signal’s kept id (to mark it acted on); null for a safety signal, kept as a measure alert'),
      raisedAt: z.string().nullable().describe('When the step signal was first raised; null for a safety signal'),
      state: z
        .enum(['open', 'acted-on', 'reassessed'])
        .nullable()
        .describe('Whether the step signal was acted on (a note) or reassessed since it was raised'),
      note: z.string().nullable().describe('The note it was acted on with'),
      closedAt: z.string().nullable().describe('When it was acted on or reassessed'),
    }),
  ),
  lastAssessmentId: z
    .string()
    .nullable()
    .describe('What "reassess now" starts from: a new assessment pre-filled with this one’s answers'),
});

export const AlertParams = z.strictObject({ id: z.uuid() });
export const AcknowledgeAlertBody = z.strictObject({
  note: z
    .string()
    .trim()
    .min(1)
    .max(MEASURE_LIMITS.note)
    .describe('What was done: who was contacted, what was decided'),
});

export type InstrumentSummary = z.infer<typeof InstrumentSummary>;
export type InstrumentListResponse = z.infer<typeof InstrumentListResponse>;
export type NewMeasureBody = z.infer<typeof NewMeasureBody>;
export type MeasureAlertResponse = z.infer<typeof MeasureAlertResponse>;
export type MeasureChangeResponse = z.infer<typeof MeasureChangeResponse>;
export type MeasureResponse = z.infer<typeof MeasureResponse>;
export type MeasureListResponse = z.infer<typeof MeasureListResponse>;
export type InstrumentParams = z.infer<typeof InstrumentParams>;
export type ScheduleEntryBody = z.infer<typeof ScheduleEntryBody>;
export type ScheduleBody = z.infer<typeof ScheduleBody>;
export type ScheduleResponse = z.infer<typeof ScheduleResponse>;
export type NewCheckInLinkBody = z.infer<typeof NewCheckInLinkBody>;
export type CheckInLinkResponse = z.infer<typeof CheckInLinkResponse>;
export type CheckInCodeParams = z.infer<typeof CheckInCodeParams>;
export type CheckInFormResponse = z.infer<typeof CheckInFormResponse>;
export type CheckInSubmitBody = z.infer<typeof CheckInSubmitBody>;
export type CheckInSubmitResponse = z.infer<typeof CheckInSubmitResponse>;
export type CaseloadResponse = z.infer<typeof CaseloadResponse>;
export type SignalsResponse = z.infer<typeof SignalsResponse>;
export type StepSignalResponse = z.infer<typeof StepSignalResponse>;
export type AcknowledgeAlertBody = z.infer<typeof AcknowledgeAlertBody>;

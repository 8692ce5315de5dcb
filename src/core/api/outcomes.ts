/** The clinic outcomes: which episodes (a range of discharge days, a clinician) and the figures. */
import { z } from 'zod';
import { OUTCOME_FIGURE_IDS } from '../outcomes/definitions.js';

/** The longest range one request may cover: two years of discharges. */
export const OUTCOMES_MAX_DAYS = 731;

const day = z.iso.date('must be a date as YYYY-MM-DD');

export const OutcomesQuery = z
  .strictObject({
    from: day.optional().describe('First discharge day counted (YYYY-MM-DD); 90 days before `to` by default'),
    to: day.optional().describe('Last discharge day counted (YYYY-MM-DD); today in the clinic by default'),
    clinician: z.uuid().optional().describe('Only episodes whose plan this user finalised'),
  })
  .superRefine((query, context) => {
    if (query.from === undefined || query.to === undefined) return;
    if (query.from > query.to) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
      return;
    }
    const days = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / 86_400_000;
    if (days >= OUTCOMES_MAX_DAYS) {
      context.addIssue({
        code: 'custom',
        path: ['from'],
        message: `must be less than ${OUTCOMES_MAX_DAYS} days before to`,
      });
    }
  });

export const OutcomeFigureResponse = z.object({
  id: z.enum(OUTCOME_FIGURE_IDS),
  label: z.string(),
  count: z.int(),
  of: z.int(),
  percent: z.number().nullable().describe('count / of, one decimal; null when nothing was counted'),
  detail: z.string().nullable().describe('Episodes left out of the figure and why'),
  definition: z.string().describe('What the figure counts, in words'),
});

export const OutcomesResponse = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  clinicianId: z.string().nullable(),
  timeZone: z.string().describe('The clinic’s time zone: the calendar the days are counted in'),
  episodes: z.int().describe('Finalised discharge plans whose discharge day is in the range, up to today'),
  pendingDischarges: z.int().describe('Plans in the range whose discharge day is still to come'),
  episodeDefinition: z.string(),
  figures: z.array(OutcomeFigureResponse),
  clinicians: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe('The organisation’s users, to choose one by'),
});

export type OutcomesQuery = z.infer<typeof OutcomesQuery>;
export type OutcomeFigureResponse = z.infer<typeof OutcomeFigureResponse>;
export type OutcomesResponse = z.infer<typeof OutcomesResponse>;

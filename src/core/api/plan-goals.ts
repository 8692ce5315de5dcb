/** The goals of a client's finalised plan with whether each is met, and setting that. */
import { z } from 'zod';

export const GOAL_NOTE_LIMIT = 2000;

export const GoalParams = z.strictObject({
  id: z.uuid(),
  goalId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a goal id from the plan (1 to 40 letters, digits, - or _)'),
});

export const GoalStatusBody = z.strictObject({
  met: z.boolean().describe('Whether the client has met this goal'),
  note: z.string().trim().max(GOAL_NOTE_LIMIT).nullable().optional().describe('What shows it, in a few words'),
});

export const PlanGoalsResponse = z.object({
  planId: z.string(),
  clientId: z.string(),
  version: z.int().describe('The finalised version whose goals these are'),
  allMet: z.boolean().describe('Every goal is recorded as met (feeds the step-down readiness signal)'),
  items: z.array(
    z.object({
      goalId: z.string(),
      text: z.string(),
      targetDate: z.string().nullable(),
      met: z.boolean(),
      note: z.string().nullable(),
      updatedBy: z.string().nullable(),
      updatedByName: z.string().nullable().describe('Who last set the status, by name'),
      updatedAt: z.string().nullable(),
    }),
  ),
});
export type PlanGoalsResponse = z.infer<typeof PlanGoalsResponse>;

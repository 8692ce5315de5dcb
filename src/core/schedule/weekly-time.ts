/**
 * The schema of weekly time (DESIGN.md 4.6) for validation at the edges; the shape and its
 * functions are in week.ts and re-exported here.
 */
import { z } from 'zod';
import { DAYS, minutesOf, type Slot, type WeeklyTime } from './week.js';

export * from './week.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time as HH:MM (24-hour)');

export const SlotSchema: z.ZodType<Slot> = z
  .strictObject({ day: z.enum(DAYS), start: time, end: time })
  .refine((slot) => minutesOf(slot.end) > minutesOf(slot.start), { message: 'end must be after start', path: ['end'] });

export const WeeklyTimeSchema: z.ZodType<WeeklyTime> = z.strictObject({ slots: z.array(SlotSchema).max(7 * 48) });

/** Referrals of a client to a program, and their status as it changes. */
import { z } from 'zod';
import { PROGRAM_SETTINGS } from '../programs/program.js';
import { REFERRAL_STATUSES } from '../programs/referral.js';

export const ReferralParams = z.strictObject({ id: z.uuid() });
/** What a clinician may add to a referral's step: a note, and the day it happened when not today. */
const stepDetails = {
  note: z.string().trim().max(1000).nullable().optional(),
  effectiveOn: z.iso
    .date('must be a date as YYYY-MM-DD')
    .nullable()
    .optional()
    .describe('The day it happened, in the clinic’s calendar; not in the future'),
};
export const NewReferralBody = z.strictObject({ programId: z.uuid(), ...stepDetails });
export const ReferralPatchBody = z.strictObject({ status: z.enum(REFERRAL_STATUSES), ...stepDetails });

export const ReferralResponse = z.object({
  id: z.string(),
  clientId: z.string(),
  program: z.object({ id: z.string(), name: z.string(), setting: z.enum(PROGRAM_SETTINGS) }),
  status: z.enum(REFERRAL_STATUSES),
  history: z.array(
    z.object({
      status: z.enum(REFERRAL_STATUSES),
      changedBy: z.string(),
      changedAt: z.string(),
      /** What happened, in the clinician's words. */
      note: z.string().nullable(),
      /** The day it happened (YYYY-MM-DD, the clinic's calendar), when given. */
      effectiveOn: z.string().nullable(),
    }),
  ),
  nextStatuses: z.array(z.enum(REFERRAL_STATUSES)),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReferralResponse = z.infer<typeof ReferralResponse>;

export const ReferralListResponse = z.object({ items: z.array(ReferralResponse) });
export type ReferralListResponse = z.infer<typeof ReferralListResponse>;

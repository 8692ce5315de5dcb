/** Referrals of a client to a program, and their status as it changes. */
import { z } from 'zod';
import { PROGRAM_SETTINGS } from '../programs/program.js';
import { REFERRAL_STATUSES } from '../programs/referral.js';

export const ReferralParams = z.strictObject({ id: z.uuid() });
export const NewReferralBody = z.strictObject({ programId: z.uuid() });
export const ReferralPatchBody = z.strictObject({ status: z.enum(REFERRAL_STATUSES) });

export const ReferralResponse = z.object({
  id: z.string(),
  clientId: z.string(),
  program: z.object({ id: z.string(), name: z.string(), setting: z.enum(PROGRAM_SETTINGS) }),
  status: z.enum(REFERRAL_STATUSES),
  history: z.array(z.object({ status: z.enum(REFERRAL_STATUSES), changedBy: z.string(), changedAt: z.string() })),
  nextStatuses: z.array(z.enum(REFERRAL_STATUSES)),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReferralResponse = z.infer<typeof ReferralResponse>;

export const ReferralListResponse = z.object({ items: z.array(ReferralResponse) });
export type ReferralListResponse = z.infer<typeof ReferralListResponse>;

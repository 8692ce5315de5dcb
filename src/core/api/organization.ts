/** The organisation's own details, printed on plans and consents. */
import { z } from 'zod';
import { organizationNameKey } from '../organization-name.js';
import { isTimeZone } from '../time-zone.js';

export const OrganizationResponse = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  /** IANA time zone: every date and time the clinic's people read is in it. */
  timeZone: z.string(),
});
export type OrganizationResponse = z.infer<typeof OrganizationResponse>;

const contact = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

export const OrganizationPatchBody = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      // Names are compared in a normalised form; one that normalises to nothing is no name.
      .refine((name) => organizationNameKey(name) !== '', 'must hold a visible character')
      .optional(),
    phone: contact(50),
    email: z.email().max(254).nullable().optional(),
    address: contact(500),
    timeZone: z
      .string()
      .max(100)
      .refine(isTimeZone, 'not a time zone this server knows; use a name like America/New_York')
      .optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

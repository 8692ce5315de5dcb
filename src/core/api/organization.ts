/** The organisation's own details, printed on plans and consents. */
import { z } from 'zod';

export const OrganizationResponse = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
});
export type OrganizationResponse = z.infer<typeof OrganizationResponse>;

const contact = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

export const OrganizationPatchBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    phone: contact(50),
    email: z.email().max(254).nullable().optional(),
    address: contact(500),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

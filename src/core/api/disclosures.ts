/**
 * A client's accounting of disclosures (42 CFR 2.24 and 2.25): every time the clinic shared the
 * client's records under a consent, from the audit log and the consent it was made under.
 */
import { z } from 'zod';
import { DISCLOSED_KINDS, DISCLOSURE_WAYS } from '../plans/disclosure-words.js';

export const DisclosureResponse = z.object({
  /** When it was shared. */
  at: z.string(),
  /** What was shared (words for it are in core/plans/disclosure-words.ts). */
  kind: z.enum(DISCLOSED_KINDS),
  /** How: the recipient opened their link, or the clinic gave it to them. */
  way: z.enum(DISCLOSURE_WAYS),
  recipient: z.object({ name: z.string(), relationship: z.string().nullable() }),
  /** The purpose the consent names. */
  purpose: z.string(),
  consentId: z.string(),
  /** The day the consent was signed, YYYY-MM-DD. */
  consentSignedOn: z.string(),
  planId: z.string().nullable(),
  /** The staff member who gave it, when one did. */
  disclosedBy: z.string().nullable(),
});
export type DisclosureResponse = z.infer<typeof DisclosureResponse>;

export const DisclosureListResponse = z.object({
  /** The span the list covers: from the client's first record to now. */
  from: z.string(),
  to: z.string(),
  /** Oldest first. */
  items: z.array(DisclosureResponse),
});
export type DisclosureListResponse = z.infer<typeof DisclosureListResponse>;

export const DisclosurePdfQuery = z.strictObject({
  /** The client's language when left out. */
  lang: z.enum(['en', 'es']).optional(),
});

/** Consents to share a client's information (42 CFR Part 2), as written, listed and revoked. */
import { z } from 'zod';
import { CONSENT_SCOPES, NewConsentSchema } from '../plans/consent.js';

export const NewConsentBody = NewConsentSchema;

export const ConsentResponse = z.object({
  id: z.string(),
  clientId: z.string(),
  planId: z.string().nullable(),
  scope: z.enum(CONSENT_SCOPES).nullable(),
  consentType: z.string(),
  patientName: z.string().nullable(),
  discloser: z.string(),
  information: z.string(),
  recipient: z.object({ name: z.string(), relationship: z.string().nullable() }),
  purpose: z.string(),
  expiresOn: z.string(),
  expiresAt: z.string(),
  revocation: z.string(),
  signature: z.object({
    signedBy: z.string().nullable(),
    name: z.string(),
    representativeAuthority: z.string().nullable(),
  }),
  signedOn: z.string(),
  status: z.enum(['active', 'expired', 'revoked']),
  revokedAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ConsentResponse = z.infer<typeof ConsentResponse>;

export const NewConsentResponse = ConsentResponse.extend({ code: z.string(), url: z.string() });
export type NewConsentResponse = z.infer<typeof NewConsentResponse>;

export const ConsentListResponse = z.object({ items: z.array(ConsentResponse) });
export type ConsentListResponse = z.infer<typeof ConsentListResponse>;

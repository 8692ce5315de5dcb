/** Clients: creating, changing, listing and searching them. */
import { z } from 'zod';
import { LIMITS } from './common.js';
import { ProblemResponse } from './problem.js';

/** Which clients a list shows by archive state: active ones only (the default), all, or archived ones only. */
export const ARCHIVED_FILTERS = ['exclude', 'include', 'only'] as const;
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number];

const currentYear = new Date().getUTCFullYear();

const displayName = z.string().trim().min(1).max(LIMITS.displayName);
const externalRef = z.string().trim().min(1).max(LIMITS.externalRef).nullable();
const birthYear = z.int().min(1900).max(currentYear).nullable();
/** A date of birth; the future is refused in the service, where "today" is the clinic's. */
const birthDate = z.iso
  .date('must be a date as YYYY-MM-DD')
  .refine((date) => date >= '1900-01-01', 'must be 1900 or later')
  .nullable();
const language = z.enum(['en', 'es']);
/** Where check-in reminders go (they carry a link and the clinic's name, nothing about health). */
const email = z.email('must be an email address').max(LIMITS.email).nullable();

export const NewClientBody = z.strictObject({
  displayName,
  externalRef: externalRef.optional(),
  birthYear: birthYear.optional(),
  birthDate: birthDate.optional(),
  preferredLanguage: language.optional(),
  email: email.optional(),
  notADuplicateOf: z
    .array(z.uuid())
    .max(20)
    .optional()
    .describe('Clients a 409 possible_duplicate named that the clinician checked are other people'),
});

export const ClientPatchBody = z
  .strictObject({
    displayName: displayName.optional(),
    externalRef: externalRef.optional(),
    birthYear: birthYear.optional(),
    birthDate: birthDate.optional(),
    preferredLanguage: language.optional(),
    email: email.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

export const ClientResponse = z.object({
  id: z.string(),
  displayName: z.string(),
  externalRef: z.string().nullable(),
  birthYear: z.number().nullable(),
  /** YYYY-MM-DD, when known. */
  birthDate: z.string().nullable(),
  preferredLanguage: language,
  email: z.string().nullable().describe('Where check-in reminders go; null: none by email'),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ClientResponse = z.infer<typeof ClientResponse>;

export const ClientListQuery = z.strictObject({
  q: z.string().max(LIMITS.search).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20),
  cursor: z.string().min(1).max(LIMITS.cursor).optional(),
  archived: z
    .enum(ARCHIVED_FILTERS)
    .default('exclude')
    .describe('exclude: active clients only; include: archived clients too; only: archived clients only'),
});

export const ClientListResponse = z.object({ items: z.array(ClientResponse), nextCursor: z.string().nullable() });
export type ClientListResponse = z.infer<typeof ClientListResponse>;

/** A client a new one may be: what the clinician needs to tell them apart. */
export const DuplicateCandidate = z.object({
  id: z.string(),
  displayName: z.string(),
  externalRef: z.string().nullable(),
  birthDate: z.string().nullable(),
  archived: z.boolean(),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

/** The 409 a possible duplicate answers: the problem, with the clients it may be. */
export const PossibleDuplicateResponse = ProblemResponse.extend({ duplicates: z.array(DuplicateCandidate) });
export type PossibleDuplicateResponse = z.infer<typeof PossibleDuplicateResponse>;

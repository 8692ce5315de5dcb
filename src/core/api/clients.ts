/** Clients: creating, changing, listing and searching them. */
import { z } from 'zod';
import { LIMITS } from './common.js';

/** Which clients a list shows by archive state: active ones only (the default), all, or archived ones only. */
export const ARCHIVED_FILTERS = ['exclude', 'include', 'only'] as const;
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number];

const currentYear = new Date().getUTCFullYear();

const displayName = z.string().trim().min(1).max(LIMITS.displayName);
const externalRef = z.string().trim().min(1).max(LIMITS.externalRef).nullable();
const birthYear = z.int().min(1900).max(currentYear).nullable();
const language = z.enum(['en', 'es']);

export const NewClientBody = z.strictObject({
  displayName,
  externalRef: externalRef.optional(),
  birthYear: birthYear.optional(),
  preferredLanguage: language.optional(),
});

export const ClientPatchBody = z
  .strictObject({
    displayName: displayName.optional(),
    externalRef: externalRef.optional(),
    birthYear: birthYear.optional(),
    preferredLanguage: language.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

export const ClientResponse = z.object({
  id: z.string(),
  displayName: z.string(),
  externalRef: z.string().nullable(),
  birthYear: z.number().nullable(),
  preferredLanguage: language,
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

/** Sign-in, the session and the organisation's users. */
import { z } from 'zod';
import { LIMITS } from './common.js';

export const USER_ROLES = ['admin', 'clinician'] as const;

export const SignInBody = z.strictObject({
  email: z.string().trim().min(3).max(LIMITS.email),
  password: z.string().min(1).max(LIMITS.password),
});

export const UserResponse = z.object({
  id: z.string(),
  organizationId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type UserResponse = z.infer<typeof UserResponse>;

export const SessionResponse = z.object({ user: UserResponse, csrfToken: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const NewUserBody = z.strictObject({
  email: z.email().max(LIMITS.email),
  displayName: z.string().trim().min(1).max(LIMITS.displayName),
  role: z.enum(USER_ROLES),
  /** At least 12 characters and hard to guess: the server's password policy checks it and names the problem. */
  password: z.string().max(LIMITS.password),
});

export const UserPatchBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(LIMITS.displayName).optional(),
    role: z.enum(USER_ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

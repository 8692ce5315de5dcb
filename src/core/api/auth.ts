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
  /**
   * At least 12 characters and hard to guess: the server's password policy checks it and names the
   * problem. Left out, the answer carries a one-time link with which the new user chooses their own.
   */
  password: z.string().max(LIMITS.password).optional(),
});

/** A one-time set-password link: shown once to the admin who made it (only a hash of its code is kept). */
export const SetPasswordLinkResponse = z.object({
  url: z.string(),
  expiresAt: z.string(),
});
export type SetPasswordLinkResponse = z.infer<typeof SetPasswordLinkResponse>;

/** A user as their admin sees them: with the set-password link that is waiting for them, if any. */
export const AdminUserResponse = UserResponse.extend({
  /** The newest link, while the user has not used it: when it stops working (it may have already). */
  invitation: z.object({ expiresAt: z.string(), expired: z.boolean() }).nullable(),
});
export type AdminUserResponse = z.infer<typeof AdminUserResponse>;

export const AdminUserListResponse = z.object({ items: z.array(AdminUserResponse) });
export type AdminUserListResponse = z.infer<typeof AdminUserListResponse>;

/** A new user; with the link to give them when no password was set for them. */
export const CreatedUserResponse = AdminUserResponse.extend({ invitationLink: SetPasswordLinkResponse.nullable() });
export type CreatedUserResponse = z.infer<typeof CreatedUserResponse>;

/** A set-password link's code, as its address carries it (after the #, so it never reaches a server log). */
const LinkCode = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the code from the link, 43 letters and digits');

export const SetPasswordCheckBody = z.strictObject({ code: LinkCode });

/** Whose account a working link is for, so the page can say so (and a password manager can file it). */
export const SetPasswordCheckResponse = z.object({
  email: z.string(),
  displayName: z.string(),
  expiresAt: z.string(),
});
export type SetPasswordCheckResponse = z.infer<typeof SetPasswordCheckResponse>;

export const SetPasswordBody = z.strictObject({
  code: LinkCode,
  password: z.string().max(LIMITS.password),
});

export const UserPatchBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(LIMITS.displayName).optional(),
    role: z.enum(USER_ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

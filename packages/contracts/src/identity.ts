import { z } from 'zod';
import { queryFlag } from './catalog.js';
import { pageQuery } from './common.js';

/** The roles, in the order the console lists them; what each may do is decided by the server. */
export const ROLE_NAMES = ['owner', 'operator', 'analyst', 'service_agent', 'auditor'] as const;
export const roleName = z.enum(ROLE_NAMES);

/** Letters, digits and . _ - only, so a username reads the same in logs, URLs and the audit trail. */
export const username = z.string().trim().regex(/^[A-Za-z0-9._-]{2,64}$/, 'expected 2–64 letters, digits, dots, underscores or hyphens');
/** Long enough to resist guessing under the login rate limit; scrypt takes any length. */
export const newPassword = z.string().min(10, 'expected at least 10 characters').max(256, 'expected at most 256 characters');

export const user = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleName,
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
}).meta({ id: 'User' });

export const me = z.object({
  userId: z.number().int().nullable(),
  username: z.string(),
  role: roleName,
  permissions: z.array(z.string()),
  /** How the request was authenticated. */
  via: z.enum(['session', 'token']),
  mustChangePassword: z.boolean(),
}).meta({ id: 'Me' });

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const loginResponse = z.object({ user, expiresAt: z.string() }).meta({ id: 'Login' });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword,
});

export const createUserBody = z.object({
  username,
  displayName: z.string().trim().min(1).max(100).optional(),
  role: roleName,
  /** Omit to have a one-time password generated; the user must change it at first sign-in. */
  password: newPassword.optional(),
});
export const createdUser = user.extend({
  /** Present only when the password was generated; it is shown this once. */
  oneTimePassword: z.string().optional(),
}).meta({ id: 'CreatedUser' });
export const updateUserBody = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: roleName.optional(),
  disabled: z.boolean().optional(),
});
export const userListQuery = pageQuery;

export const apiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the token, enough to tell tokens apart. */
  prefix: z.string(),
  userId: z.number().int(),
  username: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** The permissions the token is limited to (within its user's role); null = everything the role may do. */
  scopes: z.array(z.string()).nullable(),
}).meta({ id: 'ApiToken' });
export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** Limit the token to these permissions (each must be one the user's role has); omitted = the whole role. */
  scopes: z.array(z.string()).min(1).max(64).optional(),
});
export const createdToken = apiToken.extend({
  /** The secret itself, shown only in this response; only its hash is stored. */
  token: z.string(),
}).meta({ id: 'CreatedApiToken' });

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorType: z.enum(['user', 'token', 'system']),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  personalData: z.boolean(),
  ip: z.string().nullable(),
  details: z.unknown(),
}).meta({ id: 'AuditEntry' });

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 timestamp, e.g. 2026-01-02T00:00:00+08:00' });
export const auditQuery = pageQuery.extend({
  entity: z.string().trim().min(1).optional(),
  entityId: z.string().trim().min(1).optional(),
  /** The actor's name (a username, or `system`). */
  actor: z.string().trim().min(1).optional(),
  action: z.string().trim().min(1).optional(),
  personalData: queryFlag.optional(),
  /** From this instant (inclusive) … */
  from: instant.optional(),
  /** … to this one (exclusive). */
  to: instant.optional(),
});

export type RoleName = z.infer<typeof roleName>;
export type UserDto = z.infer<typeof user>;
export type MeDto = z.infer<typeof me>;
export type LoginInput = z.infer<typeof loginBody>;
export type CreateUserInput = z.infer<typeof createUserBody>;
export type UpdateUserInput = z.infer<typeof updateUserBody>;
export type ApiTokenDto = z.infer<typeof apiToken>;
export type AuditEntryDto = z.infer<typeof auditEntry>;
export type AuditQuery = z.infer<typeof auditQuery>;

import { and, asc, count, eq, ne } from 'drizzle-orm';
import { assertPasswordPolicy } from '../../security/password-policy.js';
import type { UpdateUserInput, UserDto } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Actor } from './actor.js';
import { audit } from './audit.service.js';
import { pageOf, rethrowDuplicateUsername, toUserDto, userColumns } from './identity-dto.js';
import { sessions, users } from './identity.tables.js';
import { generatePassword, hashPassword } from './password.js';
import type { Role } from './permissions.js';

export interface NewUser {
  username: string;
  role: Role;
  displayName?: string | undefined;
  /** Omitted: a one-time password is generated and must be changed at first sign-in. */
  password?: string | undefined;
}

export type CreatedUser = UserDto & { oneTimePassword?: string };

export async function getUser(db: Tx, id: number): Promise<UserDto> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
  if (!row) throw new AppError('not_found', `No user ${id}`, { entity: 'user', id });
  return toUserDto(row);
}

export async function listUsers(db: Tx, page: { limit: number; offset: number }) {
  const rows = await db.select(userColumns).from(users).orderBy(asc(users.id)).limit(page.limit).offset(page.offset);
  const [total] = await db.select({ n: count() }).from(users);
  return pageOf(rows.map(toUserDto), total?.n ?? 0, page);
}

/** Create a user; the returned `oneTimePassword` (when generated) is the only copy there will be. */
export async function createUser(db: Tx, actor: Actor, input: NewUser): Promise<CreatedUser> {
  if (input.password !== undefined) assertPasswordPolicy(input.password, input.username, 'body.password');
  const oneTimePassword = input.password === undefined ? generatePassword() : undefined;
  // Hash before the transaction: scrypt takes tens of milliseconds a transaction need not wait for.
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(users).values({
        username: input.username, displayName: input.displayName ?? input.username, role: input.role, passwordHash,
        mustChangePassword: oneTimePassword !== undefined,
      }).returning(userColumns);
      const created = toUserDto(row!);
      await audit(tx, actor, { action: 'create', entity: 'user', entityId: created.id, after: created });
      return oneTimePassword === undefined ? created : { ...created, oneTimePassword };
    });
  } catch (e) {
    rethrowDuplicateUsername(e, input.username);
  }
}

/**
 * Change role, display name or disabled flag. The last active owner can be neither demoted nor
 * disabled (nobody could manage users any more); disabling ends the user's console sessions.
 */
export async function updateUser(db: Tx, actor: Actor, id: number, patch: UpdateUserInput): Promise<UserDto> {
  return db.transaction(async (tx) => {
    // Lock the active owners first so two owners demoting each other at once cannot both succeed.
    const owners = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'owner'), eq(users.disabled, false))).for('update');
    const before = await getUser(tx, id);
    const losesOwner = before.role === 'owner' && !before.disabled && ((patch.role !== undefined && patch.role !== 'owner') || patch.disabled === true);
    if (losesOwner && owners.filter((o) => o.id !== id).length === 0) {
      throw new AppError('conflict', `user ${before.username} is the last active owner and cannot be demoted or disabled`, { field: patch.disabled ? 'body.disabled' : 'body.role' });
    }
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length > 0) await tx.update(users).set(set).where(eq(users.id, id));
    if (patch.disabled === true) await tx.delete(sessions).where(eq(sessions.userId, id));
    const after = await getUser(tx, id);
    await audit(tx, actor, { action: 'update', entity: 'user', entityId: id, before, after });
    return after;
  });
}

export const disableUser = (db: Tx, actor: Actor, id: number) => updateUser(db, actor, id, { disabled: true });

/**
 * Set a user's password. Every other console session of the user ends (a changed password must
 * lock out whoever else knew the old one); `keepSessionHash` spares the session making the change.
 */
export async function setPassword(db: Tx, actor: Actor, id: number, password: string, opts: { mustChange?: boolean; keepSessionHash?: string } = {}): Promise<void> {
  assertPasswordPolicy(password, (await getUser(db, id)).username, 'body.newPassword');
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const user = await getUser(tx, id);
    await tx.update(users).set({ passwordHash, mustChangePassword: opts.mustChange ?? false }).where(eq(users.id, id));
    const others = opts.keepSessionHash ? and(eq(sessions.userId, id), ne(sessions.tokenHash, opts.keepSessionHash)) : eq(sessions.userId, id);
    await tx.delete(sessions).where(others);
    // The audit entry says that the password changed, never what it is or was.
    await audit(tx, actor, { action: 'set_password', entity: 'user', entityId: id, details: { username: user.username, self: actor.userId === id } });
  });
}

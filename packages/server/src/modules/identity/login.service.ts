import { randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { LoginInput, UserDto } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Actor } from './actor.js';
import { audit } from './audit.service.js';
import { hashToken } from './auth.service.js';
import { toUserDto, userColumns } from './identity-dto.js';
import { sessions, users } from './identity.tables.js';
import { attemptSucceeded, beginLoginAttempt } from './login-limit.service.js';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password.js';
import type { Role } from './permissions.js';
import { setPassword } from './users.service.js';

export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface Client {
  ip: string;
  userAgent?: string | undefined;
}

export interface LoginResult {
  /** The session secret for the cookie; only its hash is stored. */
  token: string;
  user: UserDto;
  expiresAt: Date;
}

/**
 * Console sign-in. Every outcome is audited without the password; an unknown username, a
 * disabled user and a wrong password all get the same answer after the same amount of work.
 */
export async function login(db: Tx, input: LoginInput, client: Client, now: Date): Promise<LoginResult> {
  // Who the caller claims to be; audit() records the name and address, not the role.
  const claimed = (user?: { id: number; role: string }): Actor => ({ type: 'user', userId: user?.id ?? null, name: input.username, role: (user?.role ?? 'analyst') as Role, ip: client.ip });
  let attemptId: number;
  try {
    attemptId = await beginLoginAttempt(db, input.username, client.ip, now);
  } catch (e) {
    await audit(db, claimed(), { action: 'login_refused', entity: 'session', details: { reason: 'rate_limited' } });
    throw e;
  }

  const [row] = await db.select({ ...userColumns, passwordHash: users.passwordHash }).from(users).where(sql`lower(${users.username}) = ${input.username.toLowerCase()}`);
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash()));
  if (!row || !ok || row.disabled) {
    const reason = !row ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled';
    await audit(db, claimed(row), { action: 'login_failed', entity: 'session', details: { reason } });
    throw new AppError('invalid_credentials');
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const user = await db.transaction(async (tx) => {
    await attemptSucceeded(tx, attemptId, now);
    await tx.delete(sessions).where(and(eq(sessions.userId, row.id), lt(sessions.expiresAt, now)));
    const [session] = await tx.insert(sessions).values({ tokenHash: hashToken(token), userId: row.id, createdAt: now, expiresAt, ip: client.ip, userAgent: client.userAgent ?? null })
      .returning({ id: sessions.id });
    const [updated] = await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, row.id)).returning(userColumns);
    await audit(tx, claimed(row), { action: 'login', entity: 'session', entityId: session!.id, details: { userId: row.id } });
    return toUserDto(updated!);
  });
  // Hashes made under an older, cheaper cost are upgraded while the plain password is at hand.
  if (needsRehash(row.passwordHash)) await db.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, row.id));
  return { token, user, expiresAt };
}

export async function logout(db: Tx, actor: Actor, sessionToken: string | undefined): Promise<void> {
  if (!sessionToken) return;
  await db.transaction(async (tx) => {
    const gone = await tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(sessionToken))).returning({ id: sessions.id });
    if (gone[0]) await audit(tx, actor, { action: 'logout', entity: 'session', entityId: gone[0].id });
  });
}

/** Change one's own password: proves knowledge of the current one, ends one's other sessions. */
export async function changeOwnPassword(
  db: Tx, actor: Actor, input: { currentPassword: string; newPassword: string }, sessionToken: string | undefined, now: Date,
): Promise<void> {
  if (actor.userId === null) throw new AppError('forbidden', 'Only a user has a password to change');
  // Guesses at the current password count against the same limit as sign-ins.
  const attemptId = await beginLoginAttempt(db, actor.name, actor.ip ?? 'unknown', now);
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new AppError('invalid_credentials', 'currentPassword: does not match your current password', { field: 'body.currentPassword' });
  }
  await attemptSucceeded(db, attemptId, now);
  if (input.newPassword === input.currentPassword) {
    throw new AppError('validation_failed', 'newPassword: must differ from the current password', { issues: [{ field: 'body.newPassword', message: 'must differ from the current password' }] });
  }
  await setPassword(db, actor, actor.userId, input.newPassword, sessionToken ? { keepSessionHash: hashToken(sessionToken) } : {});
}

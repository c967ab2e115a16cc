import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Actor } from './actor.js';
import { apiTokens, sessions, users } from './identity.tables.js';
import { isPermission, type Role } from './permissions.js';

const LAST_USED_PRECISION_MS = 60_000;

/** A console session unused for this long ends, whatever its absolute expiry (ZHANGGUI_SESSION_IDLE_MINUTES). */
export const SESSION_IDLE_MS = 30 * 60_000;

/** Session ids and API tokens are stored only as their SHA-256 (they are random, so no salt is needed). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The actor behind a session cookie or an API token, or null when neither is valid. */
export async function resolveActor(
  db: Tx, creds: { sessionToken?: string | undefined; apiToken?: string | undefined }, now: Date, opts: { sessionIdleMs?: number } = {},
): Promise<Actor | null> {
  if (creds.apiToken) {
    const [row] = await db
      .select({ tokenId: apiTokens.id, userId: users.id, username: users.username, role: users.role, lastUsedAt: apiTokens.lastUsedAt, scopes: apiTokens.scopes })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hashToken(creds.apiToken)), isNull(apiTokens.revokedAt), eq(users.disabled, false)));
    if (!row) return null;
    // A minute's precision is plenty for "last used" and spares a write on every request.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
    }
    const actor: Actor = { type: 'token', userId: row.userId, name: row.username, role: row.role as Role, tokenId: row.tokenId };
    // Unknown names (a permission since removed) simply grant nothing.
    if (row.scopes) actor.scopes = row.scopes.filter(isPermission);
    return actor;
  }
  if (creds.sessionToken) {
    const [row] = await db
      .select({ sessionId: sessions.id, userId: users.id, username: users.username, role: users.role, mustChangePassword: users.mustChangePassword,
        lastSeenAt: sql<Date>`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`.mapWith(sessions.createdAt) })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hashToken(creds.sessionToken)), gt(sessions.expiresAt, now), eq(users.disabled, false)));
    if (!row) return null;
    // Idle: no request for longer than the idle timeout (activity is recorded to the minute, so a
    // session may outlive the timeout by up to a minute).
    const idleMs = opts.sessionIdleMs ?? SESSION_IDLE_MS;
    const idleFor = now.getTime() - row.lastSeenAt.getTime();
    if (idleMs > 0 && idleFor >= idleMs) return null;
    if (idleFor > LAST_USED_PRECISION_MS) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
    return { type: 'user', userId: row.userId, name: row.username, role: row.role as Role, mustChangePassword: row.mustChangePassword };
  }
  return null;
}

import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { ApiTokenDto } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Actor } from './actor.js';
import { audit } from './audit.service.js';
import { hashToken } from './auth.service.js';
import { iso } from './identity-dto.js';
import { apiTokens, users } from './identity.tables.js';
import { can, isPermission } from './permissions.js';

/** Recognisable in logs and by secret scanners; the rest is 256 random bits. */
export const TOKEN_PREFIX = 'zgt_';

const tokenColumns = {
  id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, userId: apiTokens.userId, username: users.username,
  createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, scopes: apiTokens.scopes,
};
type TokenRow = Omit<typeof apiTokens.$inferSelect, 'tokenHash'> & { username: string };
const toDto = (r: TokenRow): ApiTokenDto => ({ ...r, scopes: r.scopes ?? null, createdAt: r.createdAt.toISOString(), lastUsedAt: iso(r.lastUsedAt), revokedAt: iso(r.revokedAt) });

/** Whether the actor may see and revoke every user's tokens, not only its own. */
const managesAll = (actor: Actor) => can(actor.role, 'users:manage');

function ownUser(actor: Actor): number {
  if (actor.userId === null) throw new AppError('forbidden', 'API tokens belong to a user; the system actor has none');
  return actor.userId;
}

/**
 * Issue a token acting as the actor's user with the user's role. Only a console session may do
 * so: a leaked token must not be able to mint replacements that outlive its revocation.
 */
export async function createToken(db: Tx, actor: Actor, input: { name: string; scopes?: string[] | undefined }): Promise<ApiTokenDto & { token: string }> {
  const userId = ownUser(actor);
  if (actor.type !== 'user') throw new AppError('forbidden', 'Sign in to the console to create an API token; a token cannot create tokens');
  const scopes = input.scopes ? [...new Set(input.scopes)] : null;
  const unknown = scopes?.filter((p) => !isPermission(p)) ?? [];
  if (unknown.length) throw new AppError('validation_failed', `Unknown permissions in scopes: ${unknown.join(', ')}`, { unknown });
  // A token can only narrow its user's role, never widen it.
  const beyond = scopes?.filter((p) => isPermission(p) && !can(actor.role, p)) ?? [];
  if (beyond.length) throw new AppError('forbidden', `Your role (${actor.role}) does not have ${beyond.join(', ')}`, { permissions: beyond });
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, 12), userId, scopes }).returning({ id: apiTokens.id });
    const created = await getToken(tx, row!.id);
    await audit(tx, actor, { action: 'create', entity: 'api_token', entityId: created.id, after: created });
    return { ...created, token };
  });
}

/** The actor's own tokens; an owner (users:manage) sees everyone's. */
export async function listTokens(db: Tx, actor: Actor): Promise<ApiTokenDto[]> {
  const scope = managesAll(actor) ? undefined : eq(apiTokens.userId, ownUser(actor));
  const rows = await db.select(tokenColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(scope).orderBy(asc(apiTokens.id));
  return rows.map(toDto);
}

async function getToken(db: Tx, id: number): Promise<ApiTokenDto> {
  const [row] = await db.select(tokenColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.id, id));
  if (!row) throw new AppError('not_found', `No API token ${id}`, { entity: 'api_token', id });
  return toDto(row);
}

/** Revoke a token (kept, marked revoked, so the audit trail can still name it). Revoking twice is harmless. */
export async function revokeToken(db: Tx, actor: Actor, id: number, now: Date): Promise<ApiTokenDto> {
  return db.transaction(async (tx) => {
    const before = await getToken(tx, id);
    // Someone else's token reads as missing: its existence is not the caller's business.
    if (!managesAll(actor) && before.userId !== actor.userId) throw new AppError('not_found', `No API token ${id}`, { entity: 'api_token', id });
    if (before.revokedAt) return before;
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
    const after = await getToken(tx, id);
    await audit(tx, actor, { action: 'revoke', entity: 'api_token', entityId: id, before, after });
    return after;
  });
}

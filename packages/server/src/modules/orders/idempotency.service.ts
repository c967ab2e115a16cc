import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../identity/index.js';
import { idempotencyKeys } from './orders.tables.js';

/** One use of an Idempotency-Key: the operation, who made it, the key, and a hash of the request. */
export interface IdempotencyUse {
  scope: string;
  actor: string;
  key: string;
  requestHash: string;
}

export type IdempotencyClaim = { kind: 'new' } | { kind: 'replay'; statusCode: number; body: unknown };

/** The same person over a session or any of their tokens is one actor. */
export const idempotencyActor = (actor: Actor) => (actor.userId != null ? `user:${actor.userId}` : `${actor.type}:${actor.name}`);

/** A hash of the request that ignores key order, so equal bodies hash alike however they were written. */
export function hashRequest(body: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]));
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * Claim the key as the first statement of the caller's transaction. The row is inserted before
 * any other work, so on PostgreSQL a concurrent request with the same key blocks on the unique
 * index until this transaction ends: after a commit it replays the stored response, after a
 * rollback its own insert goes through and it does the work itself. Nothing runs twice.
 */
export async function claimIdempotencyKey(tx: Tx, use: IdempotencyUse): Promise<IdempotencyClaim> {
  const inserted = await tx.insert(idempotencyKeys).values(use).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length === 1) return { kind: 'new' };
  const [row] = await tx.select().from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, use.scope), eq(idempotencyKeys.actor, use.actor), eq(idempotencyKeys.key, use.key)));
  if (row && row.requestHash !== use.requestHash) {
    throw new AppError('idempotency_key_reused', undefined, { key: use.key });
  }
  if (!row || row.statusCode == null) throw new AppError('idempotency_in_progress', undefined, { key: use.key });
  return { kind: 'replay', statusCode: row.statusCode, body: row.response };
}

/** Store the response in the same transaction as the work, so a stored key always has one. */
export async function completeIdempotencyKey(tx: Tx, use: IdempotencyUse, statusCode: number, body: unknown): Promise<void> {
  await tx.update(idempotencyKeys).set({ statusCode, response: body })
    .where(and(eq(idempotencyKeys.scope, use.scope), eq(idempotencyKeys.actor, use.actor), eq(idempotencyKeys.key, use.key)));
}

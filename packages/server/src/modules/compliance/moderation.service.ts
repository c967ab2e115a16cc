import { desc, eq } from 'drizzle-orm';
import { DEFAULT_MODERATION_LIST, moderateText, type ContentKind, type ModerationAction } from '@zhanggui/algorithms';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { moderationDecisions } from './compliance.tables.js';

type Row = typeof moderationDecisions.$inferSelect;

const view = (r: Row) => ({
  id: r.id, kind: r.kind, subject: r.subject, action: r.action as ModerationAction, severity: r.severity,
  hits: r.hits as { ruleId: string; category: string; severity: string; action: string; term: string; excerpt: string }[],
  listVersion: r.listVersion, overrideAction: (r.overrideAction ?? null) as ModerationAction | null, overrideReason: r.overrideReason,
  overriddenAt: r.overriddenAt ? r.overriddenAt.toISOString() : null, createdAt: r.createdAt.toISOString(),
});
export type ModerationDecisionView = ReturnType<typeof view>;

/** Check a text against the moderation list and record the decision (the hits keep only short excerpts). */
export async function checkContent(db: Tx, input: { kind: ContentKind; text: string; subject?: string }): Promise<ModerationDecisionView> {
  const result = moderateText(input.text, { kind: input.kind });
  const [row] = await db.insert(moderationDecisions).values({
    kind: input.kind, subject: input.subject ?? null, action: result.action, severity: result.severity,
    hits: result.hits, listVersion: DEFAULT_MODERATION_LIST.version,
  }).returning();
  return view(row!);
}

export async function listDecisions(db: Tx, limit = 100): Promise<ModerationDecisionView[]> {
  return (await db.select().from(moderationDecisions).orderBy(desc(moderationDecisions.id)).limit(limit)).map(view);
}

/** A reviewer overrides the list's decision; the override and its reason are kept and audited. */
export async function overrideDecision(db: Tx, actor: Actor, id: number, action: ModerationAction, reason: string, now: Date): Promise<ModerationDecisionView> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(moderationDecisions).where(eq(moderationDecisions.id, id));
    if (!before) throw new AppError('not_found', `No moderation decision ${id}`, { entity: 'moderation_decision', id });
    const [row] = await tx.update(moderationDecisions).set({
      overrideAction: action, overrideReason: reason, overriddenAt: now, overrideBy: actor.userId,
    }).where(eq(moderationDecisions.id, id)).returning();
    await audit(tx, actor, { action: 'moderation_override', entity: 'moderation_decision', entityId: id,
      before: { action: before.action, overrideAction: before.overrideAction }, after: { overrideAction: action }, details: { reason } });
    return view(row!);
  });
}

/**
 * Guard a write of user- or seller-written text (a product title, a review): `block` throws
 * `content_blocked` naming the field and the matched term (nothing is recorded — the caller's
 * transaction rolls back) — or, with `onBlock: 'record'` (reviews already written by customers),
 * records the block decision instead; `review` records a decision for a reviewer; `allow` records nothing.
 */
export async function guardContent(db: Tx, input: { kind: ContentKind; field: string; text: string; subject: string; onBlock?: 'throw' | 'record' }): Promise<ModerationDecisionView | null> {
  const result = moderateText(input.text, { kind: input.kind });
  if (result.action === 'block' && input.onBlock !== 'record') {
    const hit = result.hits.find((h) => h.action === 'block') ?? result.hits[0]!;
    throw new AppError('content_blocked', `${input.field} contains the blocked term "${hit.term}" (${hit.category})`,
      { field: input.field, term: hit.term, category: hit.category, ruleId: hit.ruleId, excerpt: hit.excerpt });
  }
  if (result.action === 'allow') return null;
  const [row] = await db.insert(moderationDecisions).values({
    kind: input.kind, subject: input.subject, action: result.action, severity: result.severity,
    hits: result.hits, listVersion: DEFAULT_MODERATION_LIST.version,
  }).returning();
  return view(row!);
}

import { asc, eq } from 'drizzle-orm';
import { rateRisk, riskHeatMap } from '@zhanggui/algorithms';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { risks } from './risk.tables.js';

type RiskRow = typeof risks.$inferSelect;
export interface RiskInput { title: string; category: string; likelihood: number; impact: number; ownerId?: number | null; controls?: string; reviewOn?: string | null; status?: string }

export const riskView = (r: RiskRow) => ({
  id: r.id, title: r.title, category: r.category, ...rateRisk(r.likelihood, r.impact), ownerId: r.ownerId, controls: r.controls,
  reviewOn: r.reviewOn, status: r.status, createdAt: r.createdAt.toISOString(),
});
export type RiskView = ReturnType<typeof riskView>;

export async function createRisk(db: Tx, actor: Actor, input: RiskInput, now: Date): Promise<RiskView> {
  rateRisk(input.likelihood, input.impact);
  const [row] = await db.insert(risks).values({ ...input, ownerId: input.ownerId ?? null, controls: input.controls ?? '', reviewOn: input.reviewOn ?? null, createdAt: now, updatedAt: now }).returning();
  await audit(db, actor, { action: 'create', entity: 'risk', entityId: row!.id, after: riskView(row!) });
  return riskView(row!);
}

export async function updateRisk(db: Tx, actor: Actor, id: number, patch: Partial<RiskInput>, now: Date): Promise<RiskView> {
  const [before] = await db.select().from(risks).where(eq(risks.id, id));
  if (!before) throw new AppError('not_found', `No risk ${id}`, { entity: 'risk', id });
  rateRisk(patch.likelihood ?? before.likelihood, patch.impact ?? before.impact);
  const [row] = await db.update(risks).set({ ...patch, updatedAt: now }).where(eq(risks.id, id)).returning();
  await audit(db, actor, { action: 'update', entity: 'risk', entityId: id, before: riskView(before), after: riskView(row!) });
  return riskView(row!);
}

export async function listRisks(db: Tx): Promise<RiskView[]> {
  return (await db.select().from(risks).orderBy(asc(risks.id))).map(riskView).sort((a, b) => b.score - a.score || a.id - b.id);
}

/** The 5 × 5 heat map of open and mitigated risks (closed ones are off the map). */
export async function heatMap(db: Tx) {
  const open = (await listRisks(db)).filter((r) => r.status !== 'closed');
  return riskHeatMap(open.map((r) => ({ id: String(r.id), likelihood: r.likelihood, impact: r.impact })));
}

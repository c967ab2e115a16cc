import { and, asc, eq } from 'drizzle-orm';
import { addBusinessMinutes, validateCalendar, type BusinessCalendar } from '@zhanggui/algorithms';
import type { Tx } from '../../db/client.js';
import { getStoreSettings } from '../store/index.js';
import { slaPolicies, TICKET_PRIORITIES } from './service.tables.js';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

/** Opening hours of the default service calendar: every day 09:00–22:00 in the store's time zone. */
export function defaultCalendar(timeZone: string): BusinessCalendar {
  const day = [{ start: '09:00', end: '22:00' }];
  return { timeZone, weekly: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: day, 7: day } };
}

/** Default targets in business minutes: first response / resolution, by priority; vip answers twice as fast. */
const DEFAULT_TARGETS: Record<(typeof TICKET_PRIORITIES)[number], [number, number]> = {
  urgent: [30, 240], high: [60, 480], normal: [120, 1440], low: [480, 2880],
};

/** The store's SLA policies, creating the defaults on first use. */
export async function listSlaPolicies(db: Tx): Promise<SlaPolicyRow[]> {
  const rows = await db.select().from(slaPolicies).orderBy(asc(slaPolicies.id));
  if (rows.length > 0) return rows;
  const { timeZone } = await getStoreSettings(db);
  const calendar = defaultCalendar(timeZone);
  const values = TICKET_PRIORITIES.flatMap((priority) => {
    const [fr, res] = DEFAULT_TARGETS[priority];
    return [
      { name: `${priority} · standard`, priority, tier: 'standard', firstResponseMinutes: fr, resolutionMinutes: res, calendar },
      { name: `${priority} · vip`, priority, tier: 'vip', firstResponseMinutes: Math.ceil(fr / 2), resolutionMinutes: Math.ceil(res / 2), calendar },
    ];
  });
  await db.insert(slaPolicies).values(values).onConflictDoNothing();
  return db.select().from(slaPolicies).orderBy(asc(slaPolicies.id));
}

export async function upsertSlaPolicy(db: Tx, p: { name: string; priority: string; tier: string; firstResponseMinutes: number; resolutionMinutes: number; warnFraction?: number; calendar: BusinessCalendar }): Promise<SlaPolicyRow> {
  validateCalendar(p.calendar);
  await listSlaPolicies(db);
  const [row] = await db.insert(slaPolicies).values({ ...p, warnFraction: p.warnFraction ?? 0.8 })
    .onConflictDoUpdate({ target: [slaPolicies.priority, slaPolicies.tier], set: { name: p.name, firstResponseMinutes: p.firstResponseMinutes, resolutionMinutes: p.resolutionMinutes, warnFraction: p.warnFraction ?? 0.8, calendar: p.calendar } })
    .returning();
  return row!;
}

/** The policy for a priority and tier (falling back to the standard tier), and the due and warning times from `createdAt`. */
export async function slaFor(db: Tx, priority: string, tier: string, createdAt: Date) {
  const all = await listSlaPolicies(db);
  const policy = all.find((p) => p.priority === priority && p.tier === tier) ?? all.find((p) => p.priority === priority && p.tier === 'standard');
  if (!policy) return null;
  const cal = policy.calendar as BusinessCalendar;
  const at = (minutes: number) => new Date(addBusinessMinutes(createdAt.getTime(), minutes, cal));
  return {
    policy,
    firstResponseDueAt: at(policy.firstResponseMinutes),
    firstResponseWarnAt: at(policy.firstResponseMinutes * policy.warnFraction),
    resolutionDueAt: at(policy.resolutionMinutes),
    resolutionWarnAt: at(policy.resolutionMinutes * policy.warnFraction),
  };
}

export const policyById = async (db: Tx, id: number) => (await db.select().from(slaPolicies).where(and(eq(slaPolicies.id, id))))[0] ?? null;

// Incident response with three levels (三级响应): an on-call owner per level, acknowledgement
// deadlines, escalation along the on-call chain when nobody acknowledges in time, a timeline,
// console and webhook notifications, and a post-incident review.
import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { fetchSender, signBody, type WebhookSender } from './incident-notify.js';
import { incidentEvents, incidents, incidentWebhooks, onCall } from './risk.tables.js';

type IncidentRow = typeof incidents.$inferSelect;

/** Minutes to acknowledge, by level: 一级 5, 二级 15, 三级 60. */
export const ACK_MINUTES: Record<number, number> = { 1: 5, 2: 15, 3: 60 };

export interface IncidentDeps { send?: WebhookSender }

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function incidentView(db: Tx, row: IncidentRow) {
  const events = await db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, row.id)).orderBy(asc(incidentEvents.id));
  return {
    id: row.id, title: row.title, level: row.level, status: row.status, riskId: row.riskId, indicatorId: row.indicatorId, ownerId: row.ownerId,
    escalationStep: row.escalationStep, ackDueAt: iso(row.ackDueAt), acknowledgedAt: iso(row.acknowledgedAt), resolvedAt: iso(row.resolvedAt),
    drill: row.drill, review: row.review as Record<string, unknown> | null, createdAt: row.createdAt.toISOString(),
    timeline: events.map((e) => ({ id: e.id, kind: e.kind, actorName: e.actorName, body: e.body, data: e.data, at: e.at.toISOString() })),
  };
}
export type IncidentView = Awaited<ReturnType<typeof incidentView>>;

async function load(db: Tx, id: number): Promise<IncidentRow> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
  if (!row) throw new AppError('not_found', `No incident ${id}`, { entity: 'incident', id });
  return row;
}

const addEvent = (db: Tx, incidentId: number, kind: string, actorName: string, at: Date, body: string | null = null, data: unknown = null) =>
  db.insert(incidentEvents).values({ incidentId, kind, actorName, body, data, at });

/** The on-call chain of a level, in escalation order. */
export async function onCallChain(db: Tx, level: number): Promise<number[]> {
  return (await db.select().from(onCall).where(eq(onCall.level, level)).orderBy(asc(onCall.position))).map((r) => r.userId);
}

export async function setOnCall(db: Tx, level: number, userIds: number[]): Promise<number[]> {
  await db.delete(onCall).where(eq(onCall.level, level));
  if (userIds.length) await db.insert(onCall).values(userIds.map((userId, position) => ({ level, position, userId })));
  return onCallChain(db, level);
}

export async function addWebhook(db: Tx, url: string, secret: string) {
  const [row] = await db.insert(incidentWebhooks).values({ url, secret }).returning();
  return { id: row!.id, url: row!.url, active: row!.active };
}

/** Notify the console (a timeline entry) and every active webhook; a failed delivery is recorded, not thrown. */
async function notify(db: Tx, row: IncidentRow, what: string, now: Date, deps: IncidentDeps): Promise<void> {
  const hooks = await db.select().from(incidentWebhooks).where(eq(incidentWebhooks.active, true));
  const payload = JSON.stringify({ event: what, incident: { id: row.id, title: row.title, level: row.level, status: row.status, ownerId: row.ownerId, drill: row.drill }, at: now.toISOString() });
  const deliveries: { url: string; status: number | string }[] = [];
  for (const h of hooks) {
    try {
      const r = await (deps.send ?? fetchSender)(h.url, payload, { 'content-type': 'application/json', 'x-zhanggui-event': what, 'x-zhanggui-signature': signBody(h.secret, payload) });
      deliveries.push({ url: h.url, status: r.status });
    } catch (e) {
      deliveries.push({ url: h.url, status: e instanceof Error ? e.message : 'failed' });
    }
  }
  await addEvent(db, row.id, 'notified', 'system', now, what, { console: true, webhooks: deliveries });
}

export interface OpenIncident { title: string; level: 1 | 2 | 3; riskId?: number | null; indicatorId?: number | null; dedupeKey?: string | null; drill?: boolean; body?: string }

/** Open an incident: the first on-call person of its level owns it and must acknowledge within ACK_MINUTES. */
export async function openIncident(db: Tx, actor: Actor, input: OpenIncident, now: Date, deps: IncidentDeps = {}): Promise<IncidentView> {
  if (input.dedupeKey) {
    const [dup] = await db.select().from(incidents).where(eq(incidents.dedupeKey, input.dedupeKey));
    if (dup) return incidentView(db, dup);
  }
  const chain = await onCallChain(db, input.level);
  const [row] = await db.insert(incidents).values({
    title: input.title, level: input.level, riskId: input.riskId ?? null, indicatorId: input.indicatorId ?? null, ownerId: chain[0] ?? null,
    ackDueAt: new Date(now.getTime() + ACK_MINUTES[input.level]! * 60_000), drill: input.drill ?? false, dedupeKey: input.dedupeKey ?? null, createdAt: now,
  }).returning();
  await addEvent(db, row!.id, 'opened', actor.name, now, input.body ?? null, { level: input.level, ownerId: chain[0] ?? null });
  await audit(db, actor, { action: 'create', entity: 'incident', entityId: row!.id, after: { title: input.title, level: input.level, drill: input.drill ?? false } });
  await notify(db, row!, 'incident.opened', now, deps);
  return incidentView(db, row!);
}

export async function acknowledgeIncident(db: Tx, actor: Actor, id: number, now: Date): Promise<IncidentView> {
  const row = await load(db, id);
  if (row.status !== 'open') throw new AppError('conflict', `incident ${id} is ${row.status}`, { entity: 'incident', id });
  const [upd] = await db.update(incidents).set({ status: 'acknowledged', acknowledgedAt: now, ownerId: actor.userId ?? row.ownerId }).where(eq(incidents.id, id)).returning();
  await addEvent(db, id, 'acknowledged', actor.name, now);
  return incidentView(db, upd!);
}

export async function addIncidentNote(db: Tx, actor: Actor, id: number, body: string, now: Date): Promise<IncidentView> {
  const row = await load(db, id);
  await addEvent(db, id, 'action', actor.name, now, body);
  return incidentView(db, row);
}

export async function resolveIncident(db: Tx, actor: Actor, id: number, summary: string, now: Date, deps: IncidentDeps = {}): Promise<IncidentView> {
  const row = await load(db, id);
  if (row.status === 'resolved' || row.status === 'closed') throw new AppError('conflict', `incident ${id} is ${row.status}`, { entity: 'incident', id });
  const [upd] = await db.update(incidents).set({ status: 'resolved', resolvedAt: now, acknowledgedAt: row.acknowledgedAt ?? now }).where(eq(incidents.id, id)).returning();
  await addEvent(db, id, 'resolved', actor.name, now, summary);
  await notify(db, upd!, 'incident.resolved', now, deps);
  return incidentView(db, upd!);
}

/** The post-incident review (复盘): what happened, the cause, what changes; closes the incident. */
export async function reviewIncident(db: Tx, actor: Actor, id: number, review: { summary: string; rootCause: string; actions: string[] }, now: Date): Promise<IncidentView> {
  const row = await load(db, id);
  if (row.status !== 'resolved') throw new AppError('conflict', `incident ${id} must be resolved before its review`, { entity: 'incident', id });
  const stats = {
    minutesToAcknowledge: row.acknowledgedAt ? Math.round((row.acknowledgedAt.getTime() - row.createdAt.getTime()) / 60_000) : null,
    minutesToResolve: row.resolvedAt ? Math.round((row.resolvedAt.getTime() - row.createdAt.getTime()) / 60_000) : null,
    escalations: row.escalationStep,
  };
  const [upd] = await db.update(incidents).set({ status: 'closed', review: { ...review, ...stats, by: actor.name, at: now.toISOString() } }).where(eq(incidents.id, id)).returning();
  await addEvent(db, id, 'review', actor.name, now, review.summary);
  await audit(db, actor, { action: 'update', entity: 'incident', entityId: id, after: { status: 'closed', review: true } });
  return incidentView(db, upd!);
}

/**
 * Escalate every open incident whose acknowledgement is overdue at `now`: hand it to the next
 * person in its level's on-call chain (the last one keeps it), restart the acknowledgement clock,
 * record and notify. Run it every minute (the `risk-escalation` tick); returns the escalated ids.
 */
export async function escalateOverdue(db: Tx, now: Date, deps: IncidentDeps = {}): Promise<number[]> {
  const due = await db.select().from(incidents).where(and(eq(incidents.status, 'open'), lte(incidents.ackDueAt, now))).orderBy(asc(incidents.id));
  const done: number[] = [];
  for (const row of due) {
    const chain = await onCallChain(db, row.level);
    const step = row.escalationStep + 1;
    const next = chain[Math.min(step, chain.length - 1)] ?? row.ownerId;
    const [upd] = await db.update(incidents).set({
      escalationStep: step, ownerId: next, ackDueAt: new Date(now.getTime() + ACK_MINUTES[row.level]! * 60_000),
    }).where(eq(incidents.id, row.id)).returning();
    await addEvent(db, row.id, 'escalated', 'system', now, null, { step, from: row.ownerId, to: next, overdueSince: row.ackDueAt?.toISOString() });
    await notify(db, upd!, 'incident.escalated', now, deps);
    done.push(row.id);
  }
  return done;
}

export async function getIncident(db: Tx, id: number): Promise<IncidentView> {
  return incidentView(db, await load(db, id));
}

export async function listIncidents(db: Tx, q: { status?: string[]; limit?: number } = {}): Promise<IncidentView[]> {
  const rows = await db.select().from(incidents).where(q.status?.length ? inArray(incidents.status, q.status) : undefined).orderBy(desc(incidents.id)).limit(q.limit ?? 100);
  return Promise.all(rows.map((r) => incidentView(db, r)));
}

import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { slaStatus, type BusinessCalendar, type SlaPause } from '@zhanggui/algorithms';
import { pgErrorOf, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { pickAgent } from './assignment.js';
import { serviceAgents, serviceMacros, ticketEvents, tickets, type TICKET_PRIORITIES, type TICKET_STATUSES } from './service.tables.js';
import { policyById, slaFor } from './sla-policy.service.js';

export type TicketRow = typeof tickets.$inferSelect;
type EventRow = typeof ticketEvents.$inferSelect;

/** Allowed status changes: pending waits on the customer; resolved can be reopened until closed. */
const FLOW: Record<string, string[]> = {
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export interface NewTicket {
  channel: string;
  category: string;
  subject: string;
  body: string;
  priority?: string;
  tier?: string;
  customerId?: number | null;
  orderId?: number | null;
  externalId?: string | null;
  source?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The spans a ticket waited on the customer (status pending), from its status events in order; the last may be open. */
export function pendingPauses(events: readonly Pick<EventRow, 'kind' | 'data' | 'createdAt'>[]): SlaPause[] {
  const pauses: SlaPause[] = [];
  let from: number | null = null;
  for (const e of events) {
    if (e.kind !== 'status') continue;
    const d = (e.data ?? {}) as { from?: string; to?: string };
    if (d.to === 'pending') from = e.createdAt.getTime();
    else if (d.from === 'pending' && from !== null) { pauses.push({ from, to: e.createdAt.getTime() }); from = null; }
  }
  if (from !== null) pauses.push({ from, to: null });
  return pauses;
}

const statusEvents = (db: Tx, id: number) =>
  db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.kind, 'status'))).orderBy(asc(ticketEvents.id));

/** The SLA of a ticket at `now`; the resolution clock stands still while it is pending on the customer. */
async function slaOf(db: Tx, row: TicketRow, now: Date, events?: EventRow[]) {
  const policy = row.slaPolicyId ? await policyById(db, row.slaPolicyId) : null;
  if (!policy) return { policy, sla: null };
  const sla = slaStatus(
    { createdAt: row.createdAt.getTime(), firstResponseAt: row.firstResponseAt?.getTime() ?? null, resolvedAt: row.resolvedAt?.getTime() ?? null,
      pauses: pendingPauses(events ?? await statusEvents(db, row.id)) },
    { firstResponseMinutes: policy.firstResponseMinutes, resolutionMinutes: policy.resolutionMinutes, warnFraction: policy.warnFraction },
    policy.calendar as BusinessCalendar, now.getTime(),
  );
  return { policy, sla };
}

export async function ticketView(db: Tx, row: TicketRow, now: Date, events?: EventRow[]) {
  const { policy, sla } = await slaOf(db, row, now, events);
  const target = (t: NonNullable<typeof sla>['firstResponse']) => ({ dueAt: new Date(t.dueAt).toISOString(), state: t.state, elapsedMinutes: Math.round(t.elapsedMinutes * 10) / 10, remainingMinutes: Math.round(t.remainingMinutes * 10) / 10 });
  return {
    id: row.id, source: row.source, externalId: row.externalId, channel: row.channel, category: row.category, subject: row.subject, body: row.body,
    status: row.status as (typeof TICKET_STATUSES)[number], priority: row.priority as (typeof TICKET_PRIORITIES)[number], tier: row.tier, customerId: row.customerId, orderId: row.orderId, assigneeId: row.assigneeId,
    createdAt: row.createdAt.toISOString(), firstResponseAt: iso(row.firstResponseAt), resolvedAt: iso(row.resolvedAt), closedAt: iso(row.closedAt),
    rating: row.rating,
    sla: sla ? { policy: policy!.name, firstResponse: target(sla.firstResponse), resolution: target(sla.resolution) } : null,
    events: events?.map((e) => ({ id: e.id, kind: e.kind, authorName: e.authorName, body: e.body, internal: e.internal, data: e.data, createdAt: e.createdAt.toISOString() })),
  };
}
export type TicketView = Awaited<ReturnType<typeof ticketView>>;

async function load(db: Tx, id: number): Promise<TicketRow> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  if (!row) throw new AppError('not_found', `No ticket ${id}`, { entity: 'ticket', id });
  return row;
}

async function event(db: Tx, actor: Actor, ticketId: number, kind: string, body: string | null, internal: boolean, data: unknown, now: Date) {
  await db.insert(ticketEvents).values({ ticketId, kind, authorId: actor.userId, authorName: actor.name, body, internal, data: data ?? null, createdAt: now });
}

/** Create a ticket from any channel: SLA due times from the policy of its priority and tier, assigned by skill round robin. */
export async function createTicket(db: Tx, actor: Actor, input: NewTicket, now: Date): Promise<TicketView> {
  try {
    return await insertTicket(db, actor, input, now);
  } catch (e) {
    if (pgErrorOf(e)?.constraint === 'tickets_source_external_id_key') {
      throw new AppError('conflict', `a ticket from ${input.source ?? 'api'} with external id ${input.externalId} already exists`, { field: 'externalId' });
    }
    throw e;
  }
}

async function insertTicket(db: Tx, actor: Actor, input: NewTicket, now: Date): Promise<TicketView> {
  return db.transaction(async (tx) => {
    const priority = input.priority ?? 'normal';
    const tier = input.tier ?? 'standard';
    const sla = await slaFor(tx, priority, tier, now);
    // Lock the agents so two tickets created at once do not go to the same "longest waiting" agent.
    const agents = await tx.select().from(serviceAgents).where(eq(serviceAgents.active, true)).for('update');
    const assigneeId = pickAgent(agents.map((a) => ({ userId: a.userId, skills: a.skills as string[], lastAssignedAt: a.lastAssignedAt })), input.category);
    const [row] = await tx.insert(tickets).values({
      source: input.source ?? 'api', externalId: input.externalId ?? null, customerId: input.customerId ?? null, orderId: input.orderId ?? null,
      channel: input.channel, category: input.category, subject: input.subject, body: input.body, status: 'open', priority, tier,
      createdAt: now, updatedAt: now, assigneeId, slaPolicyId: sla?.policy.id ?? null,
      firstResponseDueAt: sla?.firstResponseDueAt ?? null, firstResponseWarnAt: sla?.firstResponseWarnAt ?? null,
      resolutionDueAt: sla?.resolutionDueAt ?? null, resolutionWarnAt: sla?.resolutionWarnAt ?? null,
    }).returning();
    if (assigneeId !== null) {
      await tx.update(serviceAgents).set({ lastAssignedAt: now }).where(eq(serviceAgents.userId, assigneeId));
      await event(tx, actor, row!.id, 'assign', null, true, { assigneeId, rule: 'skill-round-robin' }, now);
    }
    await audit(tx, actor, { action: 'create', entity: 'ticket', entityId: row!.id, after: { channel: row!.channel, category: row!.category, priority, tier, assigneeId } });
    return ticketView(tx, row!, now, await tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, row!.id)).orderBy(asc(ticketEvents.id)));
  });
}

export async function getTicket(db: Tx, id: number, now: Date): Promise<TicketView> {
  const row = await load(db, id);
  return ticketView(db, row, now, await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(asc(ticketEvents.id)));
}

export async function listTickets(db: Tx, q: { status?: string; assigneeId?: number; customerId?: number; sla?: 'warning' | 'breached'; limit: number; offset: number }, now: Date) {
  const conds: (SQL | undefined)[] = [
    q.status ? eq(tickets.status, q.status) : undefined,
    q.assigneeId ? eq(tickets.assigneeId, q.assigneeId) : undefined,
    q.customerId ? eq(tickets.customerId, q.customerId) : undefined,
  ];
  if (q.sla) {
    const open = inArray(tickets.status, ['open', 'pending']);
    const field = q.sla === 'breached' ? [tickets.firstResponseDueAt, tickets.resolutionDueAt] as const : [tickets.firstResponseWarnAt, tickets.resolutionWarnAt] as const;
    // A pending ticket's resolution clock is paused: it is in the queue only if it was already past
    // the time before the pause began (the stored times move out when the pause ends).
    const pendingSince = sql`(select max(e.created_at) from ticket_events e where e.ticket_id = ${tickets.id} and e.kind = 'status' and e.data->>'to' = 'pending')`;
    const resolutionLate = and(lte(field[1], now), or(eq(tickets.status, 'open'), sql`${field[1]} <= ${pendingSince}`));
    conds.push(open, or(and(isNull(tickets.firstResponseAt), lte(field[0], now)), resolutionLate));
  }
  const where = and(...conds);
  const rows = await db.select().from(tickets).where(where).orderBy(desc(tickets.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: sql<number>`count(*)` }).from(tickets).where(where);
  return { items: await Promise.all(rows.map((r) => ticketView(db, r, now))), total: Number(total?.n ?? 0), limit: q.limit, offset: q.offset };
}

/** A public reply to the customer; the first one stops the first-response clock. */
export async function replyToTicket(db: Tx, actor: Actor, id: number, body: string, now: Date): Promise<TicketView> {
  return db.transaction(async (tx) => {
    const row = await load(tx, id);
    if (row.status === 'closed') throw new AppError('conflict', `ticket ${id} is closed`, { entity: 'ticket', id });
    await event(tx, actor, id, 'reply', body, false, null, now);
    await tx.update(tickets).set({ firstResponseAt: row.firstResponseAt ?? now, updatedAt: now }).where(eq(tickets.id, id));
    return getTicket(tx, id, now);
  });
}

/** An internal note: agents see it, the customer never does; it does not count as a response. */
export async function addNote(db: Tx, actor: Actor, id: number, body: string, now: Date): Promise<TicketView> {
  await load(db, id);
  await event(db, actor, id, 'note', body, true, null, now);
  return getTicket(db, id, now);
}

export async function changeStatus(db: Tx, actor: Actor, id: number, status: string, now: Date): Promise<TicketView> {
  return db.transaction(async (tx) => {
    const row = await load(tx, id);
    if (row.status === status) return getTicket(tx, id, now);
    if (!FLOW[row.status]?.includes(status)) {
      throw new AppError('conflict', `a ${row.status} ticket cannot become ${status}`, { entity: 'ticket', id, from: row.status, to: status, allowed: FLOW[row.status] });
    }
    const set: Partial<TicketRow> = { status, updatedAt: now };
    if (status === 'resolved') set.resolvedAt = now;
    if (status === 'open' && row.status === 'resolved') set.resolvedAt = null; // reopened: the resolution clock runs again
    if (status === 'closed') set.closedAt = now;
    await tx.update(tickets).set(set).where(eq(tickets.id, id));
    await event(tx, actor, id, 'status', null, false, { from: row.status, to: status }, now);
    if (row.status === 'pending') {
      // Back from waiting on the customer: the resolution due and warning times move out by the pause.
      const { sla } = await slaOf(tx, await load(tx, id), now);
      if (sla) await tx.update(tickets).set({ resolutionDueAt: new Date(sla.resolution.dueAt), resolutionWarnAt: new Date(sla.resolution.warnAt) }).where(eq(tickets.id, id));
    }
    await audit(tx, actor, { action: 'update', entity: 'ticket', entityId: id, before: { status: row.status }, after: { status } });
    return getTicket(tx, id, now);
  });
}

export async function assignTicket(db: Tx, actor: Actor, id: number, assigneeId: number | null, now: Date): Promise<TicketView> {
  const row = await load(db, id);
  await db.update(tickets).set({ assigneeId, updatedAt: now }).where(eq(tickets.id, id));
  await event(db, actor, id, 'assign', null, true, { from: row.assigneeId, to: assigneeId, rule: 'manual' }, now);
  return getTicket(db, id, now);
}

/** Apply a macro: post its text as a reply and set the status and priority it names. */
export async function applyMacro(db: Tx, actor: Actor, id: number, macroId: number, now: Date): Promise<TicketView> {
  return db.transaction(async (tx) => {
    const [macro] = await tx.select().from(serviceMacros).where(eq(serviceMacros.id, macroId));
    if (!macro) throw new AppError('not_found', `No macro ${macroId}`, { entity: 'macro', id: macroId });
    await replyToTicket(tx, actor, id, macro.body, now);
    await event(tx, actor, id, 'macro', null, true, { macro: macro.name }, now);
    if (macro.setPriority) await tx.update(tickets).set({ priority: macro.setPriority }).where(eq(tickets.id, id));
    if (macro.setStatus) await changeStatus(tx, actor, id, macro.setStatus, now);
    return getTicket(tx, id, now);
  });
}

/** CSAT: a 1–5 rating, once the ticket is resolved or closed. */
export async function rateTicket(db: Tx, actor: Actor, id: number, rating: number, comment: string | undefined, now: Date): Promise<TicketView> {
  const row = await load(db, id);
  if (row.status !== 'resolved' && row.status !== 'closed') throw new AppError('conflict', `ticket ${id} is ${row.status}; it can be rated once resolved`, { entity: 'ticket', id });
  await db.update(tickets).set({ rating, updatedAt: now }).where(eq(tickets.id, id));
  await event(db, actor, id, 'csat', comment ?? null, false, { rating }, now);
  return getTicket(db, id, now);
}

export async function createMacro(db: Tx, m: { name: string; body: string; setStatus?: string | null; setPriority?: string | null }) {
  const [row] = await db.insert(serviceMacros).values({ name: m.name, body: m.body, setStatus: m.setStatus ?? null, setPriority: m.setPriority ?? null }).returning();
  return { id: row!.id, name: row!.name, body: row!.body, setStatus: row!.setStatus, setPriority: row!.setPriority };
}

export async function listMacros(db: Tx) {
  return (await db.select().from(serviceMacros).orderBy(asc(serviceMacros.name))).map((m) => ({ id: m.id, name: m.name, body: m.body, setStatus: m.setStatus, setPriority: m.setPriority }));
}

export async function setAgent(db: Tx, userId: number, skills: string[], active: boolean) {
  await db.insert(serviceAgents).values({ userId, skills, active }).onConflictDoUpdate({ target: serviceAgents.userId, set: { skills, active } });
  return { userId, skills, active };
}

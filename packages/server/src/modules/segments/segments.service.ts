import { segmentActionBody, segmentBody, type SegmentActionBody, type SegmentBody, type SegmentDto, type SegmentRule } from '@zhanggui/contracts';
import { asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { customerView, customers } from '../customers/index.js';
import { actorCan, audit, type Actor } from '../identity/index.js';
import { getLoyaltyConfig } from '../loyalty/index.js';
import { segmentMembersSql } from './segment-rules.js';
import { segmentActions, segments } from './segments.tables.js';

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } } }, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new AppError('validation_failed', undefined, { issues: r.error.issues });
  return r.data;
}

async function lowestTier(db: Tx): Promise<string> {
  return (await getLoyaltyConfig(db)).tiers[0]!.code;
}

type SegmentRow = typeof segments.$inferSelect;

/** A CSV cell, quoted when needed, with a leading ' on text that starts like a spreadsheet formula. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function toDto(db: Tx, row: SegmentRow): Promise<SegmentDto> {
  const [m] = await queryRows<{ n: number }>(db, sql`select count(*) as n from segment_members where segment_id = ${row.id}`);
  return {
    id: row.id, name: row.name, description: row.description, rule: row.rule as SegmentRule,
    members: m?.n ?? 0, computedOn: row.computedOn, createdAt: row.createdAt.toISOString(),
  };
}

/** Customers matching a rule on `day` (live, from the latest derived data), and a sample of their ids. */
export async function countRule(db: Tx, rule: unknown, day: string): Promise<{ count: number }> {
  const parsed = parse(segmentBody.shape.rule, rule);
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*) as n from (${segmentMembersSql(parsed, day, await lowestTier(db))}) m`);
  return { count: row?.n ?? 0 };
}

export async function listSegments(db: Tx): Promise<SegmentDto[]> {
  const rows = await db.select().from(segments).orderBy(asc(segments.id));
  return Promise.all(rows.map((r) => toDto(db, r)));
}

export async function getSegment(db: Tx, id: number): Promise<SegmentDto> {
  const [row] = await db.select().from(segments).where(eq(segments.id, id));
  if (!row) throw new AppError('not_found', `No segment ${id}`);
  return toDto(db, row);
}

export async function createSegment(db: Tx, actor: Actor, body: unknown): Promise<SegmentDto> {
  const b: SegmentBody = parse(segmentBody, body);
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: segments.id }).from(segments).where(eq(segments.name, b.name));
    if (dup) throw new AppError('conflict', `A segment named '${b.name}' exists`);
    const [row] = await tx.insert(segments).values({ name: b.name, description: b.description ?? null, rule: b.rule, createdBy: actor.name }).returning();
    await audit(tx, actor, { action: 'create', entity: 'segment', entityId: row!.id, after: b });
    return toDto(tx, row!);
  });
}

export async function updateSegment(db: Tx, actor: Actor, id: number, body: unknown): Promise<SegmentDto> {
  const b: SegmentBody = parse(segmentBody, body);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(segments).where(eq(segments.id, id));
    if (!before) throw new AppError('not_found', `No segment ${id}`);
    const [row] = await tx.update(segments).set({ name: b.name, description: b.description ?? null, rule: b.rule, updatedAt: new Date() }).where(eq(segments.id, id)).returning();
    await audit(tx, actor, { action: 'update', entity: 'segment', entityId: id, before: { name: before.name, rule: before.rule }, after: b });
    return toDto(tx, row!);
  });
}

export async function deleteSegment(db: Tx, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(segments).where(eq(segments.id, id)).returning();
    if (!row) throw new AppError('not_found', `No segment ${id}`);
    await audit(tx, actor, { action: 'delete', entity: 'segment', entityId: id, before: { name: row.name, rule: row.rule } });
  });
}

/**
 * Recompute every segment's members for `asOf`: customers who now match and were not members
 * enter (an `entered` event dated asOf), members who no longer match leave (a `left` event). A
 * re-run for the same day finds nothing to change; events are unique per segment, customer, day, kind.
 */
export async function recomputeMemberships(tx: Tx, asOf: string): Promise<{ entered: number; left: number }> {
  const lowest = await lowestTier(tx);
  let entered = 0;
  let left = 0;
  for (const s of await tx.select().from(segments).orderBy(asc(segments.id))) {
    await tx.execute(sql`create temp table if not exists zg_segment_now (customer_id int8 primary key) on commit drop`);
    await tx.execute(sql`truncate zg_segment_now`);
    await tx.execute(sql`insert into zg_segment_now ${segmentMembersSql(s.rule as SegmentRule, asOf, lowest)}`);
    const [counts] = await queryRows<{ entered: number; left: number }>(tx, sql`
      with gone as (
        delete from segment_members m where m.segment_id = ${s.id} and not exists (select 1 from zg_segment_now n where n.customer_id = m.customer_id)
        returning m.customer_id
      ),
      came as (
        insert into segment_members (segment_id, customer_id, since)
        select ${s.id}::int8, n.customer_id, ${asOf}::date from zg_segment_now n
        where not exists (select 1 from segment_members m where m.segment_id = ${s.id} and m.customer_id = n.customer_id)
        returning customer_id
      ),
      ev as (
        insert into segment_events (segment_id, customer_id, day, kind)
        select ${s.id}::int8, customer_id, ${asOf}::date, 'entered' from came
        union all select ${s.id}::int8, customer_id, ${asOf}::date, 'left' from gone
        on conflict do nothing returning kind
      )
      select (select count(*) from came) as entered, (select count(*) from gone) as left`);
    await tx.update(segments).set({ computedOn: asOf }).where(eq(segments.id, s.id));
    entered += counts?.entered ?? 0;
    left += counts?.left ?? 0;
  }
  return { entered, left };
}

const EXPORT_COLUMNS = ['id', 'externalId', 'name', 'phone', 'email', 'region', 'rfmGroup', 'stratum', 'lifecycle', 'tier', 'pAlive', 'clv'] as const;

/**
 * The segment's members as CSV (BOM for Excel), personal data masked unless the actor holds
 * pii:read; every export is audited as a personal-data event listing the customers.
 */
export async function exportSegment(db: Tx, cipher: PiiCipher, actor: Actor, segmentId: number): Promise<string> {
  await getSegment(db, segmentId);
  const unmask = actorCan(actor, 'pii:read');
  const rows = await queryRows<{ id: number; rfm_group: string | null; stratum: string | null; lifecycle_stage: string | null; tier: string | null; p_alive: number | null; clv_gmv: number | null }>(db, sql`
    select m.customer_id as id, r.rfm_group, r.stratum, r.lifecycle_stage, t.tier, s.p_alive, s.clv_gmv
    from segment_members m
    left join customer_rfm r on r.customer_id = m.customer_id
    left join customer_tiers t on t.customer_id = m.customer_id
    left join customer_clv_scores s on s.customer_id = m.customer_id and s.fit_id = (select id from clv_fits order by calibration_end desc limit 1)
    where m.segment_id = ${segmentId} order by m.customer_id`);
  const lowest = await lowestTier(db);
  const lines: string[] = [EXPORT_COLUMNS.join(',')];
  const BATCH = 1000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    const people = new Map((await db.select().from(customers).where(sql`${customers.id} in (${sql.join(chunk.map((r) => sql`${r.id}`), sql`, `)})`))
      .map((c) => [c.id, customerView(c, cipher, unmask)]));
    for (const r of chunk) {
      const p = people.get(r.id)!;
      lines.push([r.id, p.externalId, p.name, p.phone, p.email, p.region, r.rfm_group, r.stratum, r.lifecycle_stage, r.tier ?? lowest,
        r.p_alive === null ? null : r.p_alive.toFixed(4), r.clv_gmv].map(csvCell).join(','));
    }
  }
  await audit(db, actor, {
    action: 'export', entity: 'segment', entityId: segmentId, personalData: true,
    details: { format: 'csv', count: rows.length, masked: !unmask, ids: rows.map((r) => r.id) },
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Act on the segment's current members (as of its last computation). Tags are applied here
 * (status done); coupons and campaign hand-offs are recorded as pending actions with their
 * targets, for the pricing and campaign modules to carry out. A win-back offer gives each
 * member min(offerValue, ⌊maxShareOfClv × predicted CLV⌋) — members with no positive CLV get no
 * offer — and is recorded pending with each offer and the total cost.
 */
export async function createSegmentAction(db: Tx, actor: Actor, segmentId: number, body: unknown) {
  const b: SegmentActionBody = parse(segmentActionBody, body);
  return db.transaction(async (tx) => {
    const seg = await getSegment(tx, segmentId);
    if (seg.computedOn === null) throw new AppError('conflict', 'The segment has no members yet: run the pipeline (step segments) first');
    const status = b.kind === 'tag' ? 'done' : 'pending';
    const [action] = await tx.insert(segmentActions).values({
      segmentId, kind: b.kind, status, params: b, customers: 0, createdBy: actor.name,
    }).returning({ id: segmentActions.id });
    const actionId = action!.id;
    const offer = b.kind === 'winback'
      ? sql`least(${b.offerValue}::int8, floor(${b.maxShareOfClv}::float8 * coalesce(s.clv_gmv, 0))::int8)`
      : sql`null::int8`;
    await tx.execute(sql`
      insert into segment_action_targets (action_id, customer_id, offer_value)
      select ${actionId}::int8, m.customer_id, ${offer}
      from segment_members m
      left join customer_clv_scores s on s.customer_id = m.customer_id and s.fit_id = (select id from clv_fits order by calibration_end desc limit 1)
      where m.segment_id = ${segmentId} ${b.kind === 'winback' ? sql`and ${offer} > 0` : sql``}`);
    if (b.kind === 'tag') {
      await tx.execute(sql`insert into customer_tags (customer_id, tag)
        select customer_id, ${b.tag} from segment_action_targets where action_id = ${actionId} on conflict do nothing`);
    }
    const [totals] = await queryRows<{ n: number; cost: number | null }>(tx, sql`
      select count(*) as n, sum(offer_value) as cost from segment_action_targets where action_id = ${actionId}`);
    const [row] = await tx.update(segmentActions).set({ customers: totals!.n, totalCost: totals!.cost }).where(eq(segmentActions.id, actionId)).returning();
    await audit(tx, actor, { action: 'create', entity: 'segment_action', entityId: actionId, after: { segmentId, ...b, customers: totals!.n } });
    return {
      id: row!.id, segmentId, kind: b.kind, status: status as 'pending' | 'done', params: row!.params as Record<string, unknown>,
      customers: row!.customers, totalCost: row!.totalCost, createdAt: row!.createdAt.toISOString(),
    };
  });
}

/**
 * For the module that carries out a pending action (pricing issues a coupon action's batch):
 * the action's params and customers, and the action marked done — in the caller's transaction,
 * so it is done exactly when the caller's work commits. Refuses an action of another kind or one
 * already done (409), so an action is carried out once.
 */
export async function takePendingSegmentAction(tx: Tx, actionId: number, kind: SegmentActionBody['kind']): Promise<{ params: Record<string, unknown>; customerIds: number[] }> {
  const [a] = await tx.select().from(segmentActions).where(eq(segmentActions.id, actionId)).for('update');
  if (!a) throw new AppError('not_found', `no segment action ${actionId}`);
  if (a.kind !== kind) throw new AppError('conflict', `segment action ${actionId} is a ${a.kind} action, not ${kind}`);
  if (a.status !== 'pending') throw new AppError('conflict', `segment action ${actionId} is ${a.status}`);
  const rows = await queryRows<{ customer_id: number }>(tx, sql`select customer_id from segment_action_targets where action_id = ${actionId} order by customer_id`);
  await tx.update(segmentActions).set({ status: 'done' }).where(eq(segmentActions.id, actionId));
  return { params: a.params as Record<string, unknown>, customerIds: rows.map((r) => Number(r.customer_id)) };
}

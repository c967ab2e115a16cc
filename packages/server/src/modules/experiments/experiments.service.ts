import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { analyzeExperiment, assignVariant, msprt, type ExperimentResult, type ExperimentSummary } from '@zhanggui/algorithms';
import type { createExperimentBody, EXPERIMENT_METRICS, EXPERIMENT_UNITS } from '@zhanggui/contracts';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { audit, type Actor } from '../identity/index.js';
import { experimentExposures, experiments } from './experiments.tables.js';

type CreateExperiment = z.infer<typeof createExperimentBody>;
type Variant = { name: string; weight: number };
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];
export type ExperimentUnit = (typeof EXPERIMENT_UNITS)[number];

export interface ExperimentDto {
  code: string; name: string; kind: string; status: string; variants: Variant[]; unit: ExperimentUnit; primaryMetric: ExperimentMetric;
  startedAt: string; endsAt: string | null; stoppedAt: string | null; exposures: number;
}

/** A session is bought in at most once, so "two or more orders" is not a metric of a session experiment. */
function checkMetricForUnit(unit: ExperimentUnit, metric: ExperimentMetric, field: string): void {
  if (unit === 'session' && metric === 'repurchase') throw new AppError('validation_failed', `${field}: repurchase needs unit customer or visitor (a session has at most one order)`, { field });
}

async function rowOf(db: Tx, code: string) {
  const [row] = await db.select().from(experiments).where(eq(experiments.code, code));
  if (!row) throw new AppError('not_found', `no experiment '${code}'`);
  return row;
}

async function dto(db: Tx, row: typeof experiments.$inferSelect): Promise<ExperimentDto> {
  const [c] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from experiment_exposures where experiment_id = ${row.id}`);
  return {
    code: row.code, name: row.name, kind: row.kind, status: row.status, variants: row.variants as Variant[],
    unit: row.unit as ExperimentUnit, primaryMetric: row.primaryMetric as ExperimentMetric,
    startedAt: row.startedAt.toISOString(), endsAt: row.endsAt?.toISOString() ?? null, stoppedAt: row.stoppedAt?.toISOString() ?? null, exposures: Number(c!.n),
  };
}

export async function createExperiment(db: Tx, actor: Actor, body: CreateExperiment, now: Date): Promise<ExperimentDto> {
  const names = body.variants.map((v) => v.name);
  if (new Set(names).size !== names.length) throw new AppError('validation_failed', 'variants: names must be unique');
  const unit = body.unit ?? 'customer';
  const primaryMetric = body.primaryMetric ?? 'conversion';
  checkMetricForUnit(unit, primaryMetric, 'primaryMetric');
  const startedAt = body.startAt ? new Date(body.startAt) : now;
  const endsAt = body.endAt ? new Date(body.endAt) : null;
  if (endsAt && endsAt <= startedAt) throw new AppError('validation_failed', `endAt: must be after the start (${startedAt.toISOString()})`, { field: 'endAt' });
  return db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: experiments.id }).from(experiments).where(eq(experiments.code, body.code));
    if (exists) throw new AppError('conflict', `an experiment '${body.code}' exists`);
    const [row] = await tx.insert(experiments).values({ code: body.code, name: body.name, kind: body.kind, variants: body.variants, unit, primaryMetric, startedAt, endsAt }).returning();
    await audit(tx, actor, { action: 'create', entity: 'experiment', entityId: body.code, after: body });
    return dto(tx, row!);
  });
}

export async function listExperiments(db: Tx): Promise<ExperimentDto[]> {
  const rows = await db.select().from(experiments).orderBy(asc(experiments.id));
  return Promise.all(rows.map((r) => dto(db, r)));
}

export async function getExperiment(db: Tx, code: string): Promise<ExperimentDto> {
  return dto(db, await rowOf(db, code));
}

export async function stopExperiment(db: Tx, actor: Actor, code: string, now: Date): Promise<ExperimentDto> {
  return db.transaction(async (tx) => {
    const row = await rowOf(tx, code);
    if (row.status === 'stopped') return dto(tx, row);
    const [upd] = await tx.update(experiments).set({ status: 'stopped', stoppedAt: now }).where(eq(experiments.id, row.id)).returning();
    await audit(tx, actor, { action: 'update', entity: 'experiment', entityId: code, before: { status: 'running' }, after: { status: 'stopped' } });
    return dto(tx, upd!);
  });
}

/**
 * Log a unit's exposure and return its variant: assigned by hashing (experiment, unit), so the
 * storefront may also compute it itself; only the first exposure is recorded.
 */
export async function logExposure(db: Tx, code: string, unit: string, customerId: number | undefined, now: Date): Promise<{ variant: string; firstExposure: boolean }> {
  const row = await rowOf(db, code);
  if (row.status !== 'running') throw new AppError('conflict', `experiment '${code}' is stopped`);
  if (now < row.startedAt) throw new AppError('conflict', `experiment '${code}' starts at ${row.startedAt.toISOString()}`);
  if (row.endsAt && now >= row.endsAt) throw new AppError('conflict', `experiment '${code}' ended at ${row.endsAt.toISOString()}`);
  const variant = assignVariant(code, unit, row.variants as Variant[]).name;
  const inserted = await db.insert(experimentExposures).values({ experimentId: row.id, unit, customerId: customerId ?? null, variant, exposedAt: now })
    .onConflictDoNothing().returning({ id: experimentExposures.id });
  return { variant, firstExposure: inserted.length > 0 };
}

export interface SequentialResult { name: string; tau: number | null; lambda: number | null; alwaysValidPValue: number | null }

/**
 * mSPRT of every variant against the first (docs/experiments.md#sequential): Δ = mean − control
 * mean, V = s²/n + s₀²/n₀ (p(1−p) for a proportion), mixing sd τ (default 10% of the control
 * mean). The p-value is valid at this look whenever it is read; keep the smallest seen so far.
 */
export function sequentialResults(summary: ExperimentSummary, tau?: number): SequentialResult[] {
  const prop = summary.metric === 'proportion';
  const stats = summary.variants.map((v) => {
    const mean = v.sum / v.n;
    const variance = prop ? mean * (1 - mean) : (v.sumSquares - (v.sum * v.sum) / v.n) / (v.n - 1);
    return { mean, se2: variance / v.n };
  });
  const c = stats[0]!;
  const t = tau ?? Math.abs(c.mean) * 0.1;
  return summary.variants.map((v, i) => {
    if (i === 0 || !(t > 0)) return { name: v.name, tau: i === 0 ? null : t, lambda: null, alwaysValidPValue: null };
    const r = msprt(stats[i]!.mean - c.mean, stats[i]!.se2 + c.se2, t);
    return { name: v.name, tau: t, lambda: r.lambda, alwaysValidPValue: r.pValue };
  });
}

/**
 * The orders of each exposure (unit), as (exposure id, order id) pairs, by the experiment's unit:
 * customer — the exposed customer's orders; visitor — the orders of the visitor's sessions
 * (traffic_sessions.visitor_id = unit, its order_id) and of the exposed customer when given;
 * session — the order of the session whose external id (or id) is the unit.
 */
function matchedOrders(id: number, unit: ExperimentUnit) {
  const byCustomer = sql`select e.id as eid, o.id as oid from experiment_exposures e join orders o on o.customer_id = e.customer_id where e.experiment_id = ${id}`;
  const byVisitor = sql`select e.id as eid, s.order_id as oid from experiment_exposures e join traffic_sessions s on s.visitor_id = e.unit where e.experiment_id = ${id} and s.order_id is not null`;
  const bySession = sql`select e.id as eid, s.order_id as oid from experiment_exposures e join traffic_sessions s on s.external_id = e.unit where e.experiment_id = ${id} and s.order_id is not null
    union select e.id as eid, s.order_id as oid from experiment_exposures e join traffic_sessions s on s.id = (case when e.unit ~ '^[0-9]{1,18}$' then e.unit::bigint end) where e.experiment_id = ${id} and s.order_id is not null`;
  return unit === 'customer' ? byCustomer : unit === 'visitor' ? sql`${byCustomer} union ${byVisitor}` : bySession;
}

/**
 * Per-variant summary statistics of a metric from the orders of the exposed units (matchedOrders)
 * placed after their first exposure and before the experiment's end (the earlier of its planned
 * end and its stop), paid and not cancelled; then the statistics engine.
 * conversion: a paid order (0/1 per unit); repurchase: two or more; revenue: GMV per unit
 * (payable − shipping; revenue per visitor); aov: order values of the units' orders.
 * The metric defaults to the experiment's primary metric.
 */
export async function experimentResults(db: Tx, code: string, metricAsked: ExperimentMetric | undefined, alpha: number, tau?: number): Promise<{ code: string; metric: ExperimentMetric; primary: boolean; unit: ExperimentUnit; alpha: number; summary: ExperimentSummary; result: ExperimentResult; sequential: SequentialResult[] }> {
  const row = await rowOf(db, code);
  const unit = row.unit as ExperimentUnit;
  const metric = metricAsked ?? (row.primaryMetric as ExperimentMetric);
  checkMetricForUnit(unit, metric, 'metric');
  const variants = row.variants as Variant[];
  const ends = [row.stoppedAt, row.endsAt].filter((d): d is Date => d !== null);
  const end = ends.length ? new Date(Math.min(...ends.map((d) => d.getTime()))).toISOString() : null;
  const ord = sql`m as (${matchedOrders(row.id, unit)}),
    ord as (select m.eid, o.id, (o.payable_amount - o.shipping_amount)::float8 as gmv
      from m join orders o on o.id = m.oid join experiment_exposures e on e.id = m.eid
      where o.placed_at >= e.exposed_at and (${end}::timestamptz is null or o.placed_at < ${end}::timestamptz) and o.paid_at is not null and o.cancelled_at is null)`;
  const rows = metric === 'aov'
    ? await queryRows<{ variant: string; n: number; s: number; ss: number }>(db, sql`
        with ${ord}
        select e.variant, count(*)::int as n, sum(ord.gmv)::float8 as s, sum(ord.gmv ^ 2)::float8 as ss
        from ord join experiment_exposures e on e.id = ord.eid group by e.variant`)
    : await queryRows<{ variant: string; n: number; s: number; ss: number }>(db, sql`
        with ${ord},
        per_unit as (
          select e.variant, e.id, count(ord.id) as orders, coalesce(sum(ord.gmv), 0)::float8 as gmv
          from experiment_exposures e left join ord on ord.eid = e.id
          where e.experiment_id = ${row.id} group by e.variant, e.id)
        select variant, count(*)::int as n,
          ${metric === 'revenue' ? sql`sum(gmv)` : metric === 'repurchase' ? sql`sum(case when orders >= 2 then 1 else 0 end)::float8` : sql`sum(case when orders >= 1 then 1 else 0 end)::float8`} as s,
          ${metric === 'revenue' ? sql`sum(gmv * gmv)` : metric === 'repurchase' ? sql`sum(case when orders >= 2 then 1 else 0 end)::float8` : sql`sum(case when orders >= 1 then 1 else 0 end)::float8`} as ss
        from per_unit group by variant`);
  const by = new Map(rows.map((r) => [r.variant, r]));
  const summary: ExperimentSummary = {
    metric: metric === 'conversion' || metric === 'repurchase' ? 'proportion' : 'mean',
    variants: variants.map((v) => {
      const r = by.get(v.name);
      return { name: v.name, n: Number(r?.n ?? 0), sum: Number(r?.s ?? 0), sumSquares: Number(r?.ss ?? 0), weight: v.weight };
    }),
  };
  const thin = summary.variants.find((v) => v.n < 2);
  if (thin) throw new AppError('bad_request', `variant '${thin.name}' has ${thin.n} ${metric === 'aov' ? 'orders' : 'exposed units'}; at least 2 are needed`);
  return { code, metric, primary: metric === row.primaryMetric, unit, alpha, summary, result: analyzeExperiment(summary, { alpha }), sequential: sequentialResults(summary, tau) };
}

import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { customerView, customers } from '../customers/index.js';
import { actorCan, audit, type Actor } from '../identity/index.js';

/** The latest stored CLV fit with its churn-band counts and total CLV, or null before the first `clv` run. */
export async function latestClvFit(db: Tx) {
  const [f] = await queryRows<Record<string, number | string | null>>(db, sql`select * from clv_fits order by calibration_end desc limit 1`);
  if (!f) return null;
  const bands = await queryRows<{ band: string; customers: number }>(db, sql`
    select churn_risk as band, count(*) as customers from customer_clv_scores where fit_id = ${f.id} group by 1`);
  const [tot] = await queryRows<{ s: number | null }>(db, sql`select sum(clv_gmv) as s from customer_clv_scores where fit_id = ${f.id}`);
  const order = ['low', 'medium', 'high', 'critical'];
  return {
    calibrationEnd: String(f.calibration_end), unitDays: Number(f.unit_days), horizonDays: Number(f.horizon_days),
    bgnbd: { r: Number(f.r), alpha: Number(f.alpha), a: Number(f.a), b: Number(f.b), logLikelihood: Number(f.bgnbd_log_likelihood) },
    gammaGamma: f.p === null ? null : { p: Number(f.p), q: Number(f.q), gamma: Number(f.gamma), logLikelihood: Number(f.gamma_gamma_log_likelihood) },
    customers: Number(f.customers), repeatCustomers: Number(f.repeat_customers), marginRatio: f.margin_ratio === null ? null : Number(f.margin_ratio),
    churnBands: order.map((b) => ({ band: b as 'low', customers: bands.find((x) => x.band === b)?.customers ?? 0 })),
    totalClv: tot?.s ?? 0,
  };
}

/** RFM, lifecycle history, the latest CLV scores, segments and tags of one customer (customer 360). */
export async function customerIntelligence(db: Tx, customerId: number) {
  const [exists] = await queryRows(db, sql`select 1 from customers where id = ${customerId}`);
  if (!exists) throw new AppError('not_found', `No customer ${customerId}`);
  const [r] = await queryRows<Record<string, number | string | null>>(db, sql`select * from customer_rfm where customer_id = ${customerId}`);
  const history = await queryRows<{ day: string; from: string | null; to: string }>(db, sql`
    select day, from_stage as "from", to_stage as "to" from lifecycle_transitions where customer_id = ${customerId} order by day`);
  const [s] = await queryRows<Record<string, number | string | null>>(db, sql`
    select f.calibration_end, f.horizon_days, s.* from customer_clv_scores s join clv_fits f on f.id = s.fit_id
    where s.customer_id = ${customerId} order by f.calibration_end desc limit 1`);
  const segs = await queryRows<{ id: number; name: string; since: string }>(db, sql`
    select g.id, g.name, m.since from segment_members m join segments g on g.id = m.segment_id where m.customer_id = ${customerId} order by g.name`);
  const tags = await queryRows<{ tag: string }>(db, sql`select tag from customer_tags where customer_id = ${customerId} order by tag`);
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    customerId,
    rfm: r ? {
      asOf: String(r.as_of), recencyDays: n(r.recency_days), frequency: Number(r.frequency), monetary: Number(r.monetary),
      r: n(r.r), f: n(r.f), m: n(r.m), rfmGroup: String(r.rfm_group), stratum: String(r.stratum),
      lifecycleStage: r.lifecycle_stage === null ? null : String(r.lifecycle_stage), lastOrderDay: r.last_order_day === null ? null : String(r.last_order_day),
      totalSpend: Number(r.total_spend),
    } : null,
    lifecycleHistory: history,
    clv: s ? {
      calibrationEnd: String(s.calibration_end), horizonDays: Number(s.horizon_days), x: Number(s.x), pAlive: Number(s.p_alive),
      expectedPurchases: Number(s.expected_purchases), expectedSpend: Number(s.expected_spend), clvGmv: Number(s.clv_gmv),
      clvMargin: n(s.clv_margin), churnRisk: String(s.churn_risk), expectedNextOrder: s.expected_next_order === null ? null : String(s.expected_next_order),
    } : null,
    segments: segs,
    tags: tags.map((t) => t.tag),
  };
}

/** A page of a segment's members with their scores; name and phone masked unless the actor holds pii:read. */
export async function segmentMemberPage(db: Tx, cipher: PiiCipher, actor: Actor, segmentId: number, q: { limit: number; offset: number }) {
  const [seg] = await queryRows(db, sql`select 1 from segments where id = ${segmentId}`);
  if (!seg) throw new AppError('not_found', `No segment ${segmentId}`);
  const unmask = actorCan(actor, 'pii:read');
  const [total] = await queryRows<{ n: number }>(db, sql`select count(*) as n from segment_members where segment_id = ${segmentId}`);
  const rows = await queryRows<{ id: number; since: string; rfm_group: string | null; stratum: string | null; lifecycle_stage: string | null; total_spend: number | null; p_alive: number | null; clv_gmv: number | null }>(db, sql`
    select m.customer_id as id, m.since, r.rfm_group, r.stratum, r.lifecycle_stage, r.total_spend, s.p_alive, s.clv_gmv
    from segment_members m
    left join customer_rfm r on r.customer_id = m.customer_id
    left join customer_clv_scores s on s.customer_id = m.customer_id and s.fit_id = (select id from clv_fits order by calibration_end desc limit 1)
    where m.segment_id = ${segmentId} order by m.customer_id limit ${q.limit} offset ${q.offset}`);
  const raw = rows.length === 0 ? [] : await db.select().from(customers).where(sql`${customers.id} in (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`);
  const people = new Map(raw.map((c) => [c.id, customerView(c, cipher, unmask)]));
  // Personal data that goes out unmasked is audited, naming the customers (as the customers module does).
  const personal = raw.filter((c) => c.nameEnc !== null || c.phoneEnc !== null).map((c) => c.id);
  if (unmask && personal.length > 0) {
    await audit(db, actor, { action: 'read', entity: 'customer', personalData: true, details: { via: 'segment', segmentId, ids: personal } });
  }
  return {
    items: rows.map((r) => {
      const p = people.get(r.id)!;
      return {
        id: r.id, externalId: p.externalId, name: p.name, phone: p.phone, region: p.region, rfmGroup: r.rfm_group, stratum: r.stratum,
        lifecycleStage: r.lifecycle_stage, totalSpend: r.total_spend, pAlive: r.p_alive, clv: r.clv_gmv, since: r.since, masked: !unmask,
      };
    }),
    total: total?.n ?? 0, limit: q.limit, offset: q.offset,
  };
}

import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { lowerRollupWatermarkForVisitorIds } from '../analytics/rollups.watermark.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { retentionPolicies } from './compliance.tables.js';
import { eraseSubject } from './subject-request.service.js';

export const RETENTION_KEYS = ['inactive_customers', 'closed_ticket_text', 'traffic_visitor_ids', 'expired_sessions'] as const;
export type RetentionKey = (typeof RETENTION_KEYS)[number];

/** Defaults (days) when the store has not set a policy. */
export const DEFAULT_RETENTION: Record<RetentionKey, { days: number; description: string }> = {
  inactive_customers: { days: 1095, description: 'erase the personal data of customers with no order or registration in this many days' },
  closed_ticket_text: { days: 730, description: 'replace subject and body of tickets resolved or closed this long ago' },
  traffic_visitor_ids: { days: 400, description: 'replace the visitor id of visitors not seen for this many days by a one-way hash, on all their sessions (distinct counts stay)' },
  expired_sessions: { days: 30, description: 'delete console sessions this long after they expired' },
};

export interface RetentionPolicy { key: RetentionKey; days: number; enabled: boolean; description: string }

export async function listRetentionPolicies(db: Tx): Promise<RetentionPolicy[]> {
  const rows = await db.select().from(retentionPolicies);
  return RETENTION_KEYS.map((key) => {
    const r = rows.find((x) => x.key === key);
    return { key, days: r?.days ?? DEFAULT_RETENTION[key].days, enabled: r?.enabled ?? true, description: DEFAULT_RETENTION[key].description };
  });
}

export async function setRetentionPolicy(db: Tx, key: RetentionKey, days: number, enabled: boolean, now: Date): Promise<void> {
  await db.insert(retentionPolicies).values({ key, days, enabled, updatedAt: now })
    .onConflictDoUpdate({ target: retentionPolicies.key, set: { days, enabled, updatedAt: now } });
}

/** The one-way replacement of an expired visitor id: the same for every session of the visitor, so distinct counts of the old days stay. */
const pseudonym = (visitorId: SQL) => sql`'purged:' || md5(${visitorId})`;

/** The instant `days` before the end of the as-of business date. */
const cutoffOf = (asOf: string, days: number, timeZone: string) =>
  sql`((${asOf}::date + 1 - ${days}::int)::timestamp at time zone ${timeZone}::text)`;

/** Apply every enabled policy for the as-of date; running again for the same date changes nothing more. */
export async function purgeExpired(tx: Tx, asOf: string, timeZone: string, progress: (f: number) => void = () => {}): Promise<Record<RetentionKey, number>> {
  const policies = await listRetentionPolicies(tx);
  const done = { inactive_customers: 0, closed_ticket_text: 0, traffic_visitor_ids: 0, expired_sessions: 0 } as Record<RetentionKey, number>;
  const now = new Date(`${asOf}T00:00:00Z`);
  for (const [i, p] of policies.entries()) {
    progress(i / policies.length);
    if (!p.enabled) continue;
    const cutoff = cutoffOf(asOf, p.days, timeZone);
    if (p.key === 'inactive_customers') {
      const stale = await queryRows<{ id: number }>(tx, sql`
        select c.id from customers c
        where c.erased_at is null and coalesce(c.registered_at, c.created_at) < ${cutoff}
          and (c.name_enc is not null or c.phone_enc is not null or c.email_enc is not null or c.address_enc is not null or c.external_id is not null)
          and not exists (select 1 from orders o where o.customer_id = c.id and o.placed_at >= ${cutoff})
        order by c.id`);
      for (const { id } of stale) await eraseSubject(tx, { ...SYSTEM_ACTOR, name: 'retention-purge' }, Number(id), now);
      done.inactive_customers = stale.length;
    } else if (p.key === 'closed_ticket_text') {
      const rows = await queryRows<{ n: number | string }>(tx, sql`with u as (
        update tickets set subject = '[purged]', body = '[purged]'
        where status in ('resolved', 'closed') and resolved_at < ${cutoff} and body <> '[purged]' returning 1) select count(*) as n from u`);
      done.closed_ticket_text = Number(rows[0]?.n ?? 0);
    } else if (p.key === 'traffic_visitor_ids') {
      // The period runs from the visitor's last session (as a cookie's lifetime does), and a visitor
      // is renamed whole: one pseudonym for all their sessions, so no visitor is split in two and
      // every distinct count — and the analytics rollups, which need no rebuild — stay as they were.
      // Only a visitor already purged who came back under the same id and went quiet again joins
      // their old pseudonym; the check below finds that and moves the rollups' watermark back.
      const expired = sql`s.visitor_id not like 'purged:%' and s.visitor_id in (
        select o.visitor_id from traffic_sessions o where o.started_at < ${cutoff} and o.visitor_id not like 'purged:%'
          and not exists (select 1 from traffic_sessions n where n.visitor_id = o.visitor_id and n.started_at >= ${cutoff}))`;
      await lowerRollupWatermarkForVisitorIds(tx, expired, pseudonym);
      const rows = await queryRows<{ n: number | string }>(tx, sql`with u as (
        update traffic_sessions s set visitor_id = ${pseudonym(sql`s.visitor_id`)} where ${expired} returning 1) select count(*) as n from u`);
      done.traffic_visitor_ids = Number(rows[0]?.n ?? 0);
    } else if (p.key === 'expired_sessions') {
      const rows = await queryRows<{ n: number | string }>(tx, sql`with d as (delete from sessions where expires_at < ${cutoff} returning 1) select count(*) as n from d`);
      done.expired_sessions = Number(rows[0]?.n ?? 0);
    }
  }
  progress(1);
  return done;
}


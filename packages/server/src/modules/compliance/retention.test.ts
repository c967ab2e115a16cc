import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { forEachDriver } from '../../test-support/db.js';
import { createCustomer } from '../customers/index.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { listRetentionPolicies, purgeExpired, setRetentionPolicy } from './retention.service.js';

forEachDriver('retention purge', (t) => {
  it('purges what is past its period, keeps the rest, and changes nothing on a rerun', async () => {
    const db = t().database.db;
    const cipher = t().cipher;
    // Customer 1 registered in 2020 with no orders: past 3 years by 2026-03-01. Customer 2 registered in 2025.
    const old = await createCustomer(db, cipher, SYSTEM_ACTOR, { name: '老客户', phone: '13700000001', registeredAt: '2020-01-05T00:00:00Z', consentMarketing: false, consentAnalytics: true }, new Date('2020-01-05T00:00:00Z'));
    const recent = await createCustomer(db, cipher, SYSTEM_ACTOR, { name: '新客户', phone: '13700000002', registeredAt: '2025-06-01T00:00:00Z', consentMarketing: false, consentAnalytics: true }, new Date('2025-06-01T00:00:00Z'));
    await db.execute(sql`insert into tickets (source, external_id, customer_id, channel, category, subject, body, status, created_at, resolved_at) values
      ('t', 'old', ${old.id}, 'chat', '物流', '旧', '电话 13700000001', 'closed', '2023-01-01T00:00:00Z', '2023-01-02T00:00:00Z'),
      ('t', 'new', ${recent.id}, 'chat', '物流', '新', '电话 13700000002', 'resolved', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z')`);
    await setRetentionPolicy(db, 'expired_sessions', 10, false, new Date('2026-03-01T00:00:00Z'));
    expect((await listRetentionPolicies(db)).find((p) => p.key === 'expired_sessions')).toMatchObject({ days: 10, enabled: false });

    const first = await db.transaction((tx) => purgeExpired(tx, '2026-03-01', 'Asia/Shanghai'));
    // inactive: only the 2020 customer (1095 days before 2026-03-02 00:00 CST is 2023-03-03);
    // ticket text: only the ticket resolved 2023-01-02 (730 days back is 2024-03-02).
    expect(first).toEqual({ inactive_customers: 1, closed_ticket_text: 1, traffic_visitor_ids: 0, expired_sessions: 0 });
    const rows = await queryRows<{ id: number; erased: boolean; phone_hash: string | null }>(db, sql`select id, erased_at is not null as erased, phone_hash from customers order by id`);
    expect(rows.map((r) => [Number(r.id), r.erased, r.phone_hash === null])).toEqual([[old.id, true, true], [recent.id, false, false]]);
    const tickets = await queryRows<{ external_id: string; body: string }>(db, sql`select external_id, body from tickets order by external_id`);
    expect(tickets).toEqual([{ external_id: 'new', body: '电话 13700000002' }, { external_id: 'old', body: '[purged]' }]);
    const [audited] = await queryRows<{ actor_name: string }>(db, sql`select actor_name from audit_log where action = 'subject_erasure'`);
    expect(audited!.actor_name).toBe('retention-purge');

    const second = await db.transaction((tx) => purgeExpired(tx, '2026-03-01', 'Asia/Shanghai'));
    expect(second).toEqual({ inactive_customers: 0, closed_ticket_text: 0, traffic_visitor_ids: 0, expired_sessions: 0 });
  });
});

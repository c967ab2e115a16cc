import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { simulateStore } from '../../ingest/simulator/simulate-store.js';
import { forEachDriver } from '../../test-support/db.js';
import { SYSTEM_ACTOR } from '../identity/index.js';
import { eraseSubject, exportSubjectData } from './subject-request.service.js';
import { verifyAuditChain } from './audit-chain.service.js';

const NOW = new Date('2026-03-01T04:00:00Z');
const owner = { ...SYSTEM_ACTOR };

/** Every row of every table in the public schema as text, to search for leftovers. */
async function everything(db: Parameters<typeof queryRows>[0]): Promise<string> {
  const tables = await queryRows<{ t: string }>(db, sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const parts: string[] = [];
  for (const { t } of tables) {
    const rows = await queryRows<{ r: string }>(db, sql`select x::text as r from ${sql.raw(`"${t}"`)} x`);
    parts.push(...rows.map((r) => `${t}:${r.r}`));
  }
  return parts.join('\n');
}

const TOTALS = sql`select
  (select count(*) from orders)::text as orders,
  (select coalesce(sum(payable_amount), 0) from orders)::text as payable,
  (select coalesce(sum(items_amount), 0) from orders)::text as items,
  (select coalesce(sum(quantity * unit_price), 0) from order_lines)::text as lines,
  (select coalesce(sum(amount), 0) from payments)::text as paid,
  (select coalesce(sum(amount), 0) from refunds)::text as refunded`;

forEachDriver('data-subject requests', (t) => {
  let subject: { id: number; secrets: string[]; plainCount: number; phone: string };

  beforeAll(async () => {
    await simulateStore(t(), { days: 30, customers: 80, seed: 11, endDate: '2026-02-28' });
    const db = t().database.db;
    // The customer with the most orders, given a ticket and a review that mention their phone.
    const [c] = await queryRows<{ id: number }>(db, sql`select customer_id as id from orders where customer_id is not null group by 1 order by count(*) desc, 1 limit 1`);
    const id = Number(c!.id);
    const [row] = await queryRows<Record<string, string | null>>(db, sql`select * from customers where id = ${id}`);
    const cipher = t().cipher;
    const plain = ['name_enc', 'phone_enc', 'email_enc', 'address_enc'].map((k) => cipher.decrypt(row![k] ?? null)).filter((x): x is string => !!x);
    const phone = cipher.decrypt(row!.phone_enc ?? null) ?? '13800000000';
    await db.execute(sql`insert into tickets (source, external_id, customer_id, channel, category, subject, body)
      values ('test', 'dsr-1', ${id}, 'chat', '物流', ${`请回电 ${phone}`}, ${`我的电话是 ${phone}，地址没变`})`);
    const [sku] = await queryRows<{ id: number }>(db, sql`select id from skus limit 1`);
    await db.execute(sql`insert into reviews (source, external_id, sku_id, customer_id, rating, body) values ('test', 'dsr-r1', ${sku!.id}, ${id}, 2, ${`联系我 ${phone}`})`);
    const secrets = [...plain, ...['name_enc', 'phone_enc', 'email_enc', 'address_enc', 'phone_hash', 'email_hash', 'external_id'].map((k) => row![k]).filter((x): x is string => !!x)];
    expect(plain.length).toBeGreaterThanOrEqual(2); // the simulator gives names and phones
    subject = { id, secrets, plainCount: plain.length, phone };
  });

  it('exports everything held about the customer, decrypted, and audits it', async () => {
    const db = t().database.db;
    const out = await exportSubjectData(db, t().cipher, owner, subject.id, NOW);
    expect(out.profile.id).toBe(subject.id);
    expect(subject.secrets).toContain(out.profile.phone);
    expect(Object.keys(out.records)).toEqual(expect.arrayContaining(['orders', 'order_lines', 'payments', 'tickets', 'reviews']));
    const [entry] = await queryRows<{ details: unknown }>(db, sql`select details from audit_log where action = 'subject_access' and entity_id = ${String(subject.id)}`);
    expect(JSON.stringify(entry!.details)).toMatch(/"orders":\d+/);
  });

  it('erases the customer: no personal data left anywhere, financial totals equal, audit chain intact', async () => {
    const db = t().database.db;
    const before = (await queryRows(db, TOTALS))[0];
    const dumpBefore = await everything(db);
    // The search does find them before: ciphertexts and hashes in customers, the phone in the ticket.
    for (const s of subject.secrets.slice(subject.plainCount)) expect(dumpBefore).toContain(s);
    expect(dumpBefore).toContain(subject.phone);
    const result = await eraseSubject(db, owner, subject.id, NOW);
    expect(result.rows).toMatchObject({ customers: 1, tickets: expect.any(Number), reviews: expect.any(Number) });
    expect(result.rows.tickets).toBeGreaterThanOrEqual(1);
    const dumpAfter = await everything(db);
    for (const s of subject.secrets) expect(dumpAfter, `still holds ${s}`).not.toContain(s);
    expect((await queryRows(db, TOTALS))[0]).toEqual(before);
    const [c] = await queryRows<Record<string, unknown>>(db, sql`select name_enc, phone_hash, erased_at from customers where id = ${subject.id}`);
    expect(c).toMatchObject({ name_enc: null, phone_hash: null, erased_at: expect.anything() });
    const [ticket] = await queryRows<{ body: string }>(db, sql`select body from tickets where external_id = 'dsr-1'`);
    expect(ticket!.body).toBe(`[erased]:${subject.id}`);
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const [entry] = await queryRows<{ details: { columns: string[] } }>(db, sql`select details from audit_log where action = 'subject_erasure'`);
    expect(entry!.details.columns).toEqual(expect.arrayContaining(['customers.phone_enc', 'tickets.body', 'reviews.body']));
  });
});

// Data-subject requests (PIPL art. 45 access/copy, art. 47 deletion): export everything held
// about a customer, and erase it by pseudonymisation — personal data removed everywhere, the
// customer id kept as a pseudonym so orders, payments and refunds (financial records the store
// must keep) still add up. A cross-module workflow: one transaction over every table that
// refers to the customer, found from the schema, so tables added later are covered.
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { lowerRollupWatermarkForVisitorIds } from '../analytics/rollups.watermark.js';
import { audit, type Actor } from '../identity/index.js';
import { customers } from '../customers/index.js';
import { buildDataCatalogue, type CatalogueColumn } from './data-catalogue.js';

export const ERASED_TEXT = '[erased]';

interface Linked { table: string; via: 'customer_id' | 'order_id' | 'ticket_id'; columns: CatalogueColumn[] }

/** Tables that hold rows about one customer: by customer_id, or by order_id / ticket_id of the customer's orders and tickets. */
function linkedTables(): Linked[] {
  const cat = buildDataCatalogue();
  const byTable = new Map<string, CatalogueColumn[]>();
  for (const c of cat.columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const out: Linked[] = [];
  for (const [table, cols] of byTable) {
    if (table === 'customers') continue;
    if (cols.some((c) => c.column === 'customer_id')) out.push({ table, via: 'customer_id', columns: cols });
    else if (cols.some((c) => c.column === 'order_id')) out.push({ table, via: 'order_id', columns: cols });
    else if (cols.some((c) => c.column === 'ticket_id')) out.push({ table, via: 'ticket_id', columns: cols });
  }
  return out;
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);
const whereOf = (l: Linked, id: number) => l.via === 'customer_id'
  ? sql`${ident('customer_id')} = ${id}`
  : l.via === 'order_id'
    ? sql`${ident('order_id')} in (select id from orders where customer_id = ${id})`
    : sql`${ident('ticket_id')} in (select id from tickets where customer_id = ${id})`;

async function loadCustomer(db: Tx, id: number) {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  if (!row) throw new AppError('not_found', `No customer ${id}`, { entity: 'customer', id });
  return row;
}

export interface SubjectAccessExport {
  customerId: number;
  generatedAt: string;
  profile: Record<string, unknown>;
  /** Rows of every table that refers to the customer, by table name. */
  records: Record<string, Record<string, unknown>[]>;
}

/** Everything held about a customer, decrypted (the subject's own copy). Audited. */
export async function exportSubjectData(db: Tx, cipher: PiiCipher, actor: Actor, customerId: number, now: Date): Promise<SubjectAccessExport> {
  const row = await loadCustomer(db, customerId);
  const { nameEnc, phoneEnc, emailEnc, addressEnc, phoneHash: _p, emailHash: _e, ...rest } = row;
  const profile = { ...rest, name: cipher.decrypt(nameEnc), phone: cipher.decrypt(phoneEnc), email: cipher.decrypt(emailEnc), address: cipher.decrypt(addressEnc) };
  const records: SubjectAccessExport['records'] = {};
  for (const l of linkedTables()) {
    const rows = await queryRows(db, sql`select * from ${ident(l.table)} where ${whereOf(l, customerId)} order by 1`);
    if (rows.length > 0) records[l.table] = rows;
  }
  await audit(db, actor, {
    action: 'subject_access', entity: 'customer', entityId: customerId, personalData: true,
    details: { tables: Object.fromEntries(Object.entries(records).map(([t, r]) => [t, r.length])) },
  });
  return { customerId, generatedAt: now.toISOString(), profile, records };
}

export interface ErasureResult {
  customerId: number;
  erasedAt: string;
  /** Rows changed per table (customers included). */
  rows: Record<string, number>;
  /** Personal columns that were cleared, as table.column. */
  columns: string[];
}

/**
 * Erase a customer's personal data everywhere and keep the id as a pseudonym. Personal columns
 * of linked tables (by the data catalogue) are set to null, or to '[erased]:<id>' when they may
 * not be null; amounts, dates and statuses are untouched, so financial totals stay equal. Audited.
 */
export async function eraseSubject(db: Tx, actor: Actor, customerId: number, now: Date): Promise<ErasureResult> {
  return db.transaction(async (tx) => {
    const before = await loadCustomer(tx, customerId);
    const rows: Record<string, number> = {};
    const cleared: string[] = [];
    await tx.update(customers).set({
      nameEnc: null, phoneEnc: null, emailEnc: null, addressEnc: null, phoneHash: null, emailHash: null,
      externalId: null, city: null, gender: null, birthYear: null, consentMarketing: false, consentAnalytics: false,
      consentUpdatedAt: now, erasedAt: before.erasedAt ?? now,
    }).where(eq(customers.id, customerId));
    rows.customers = 1;
    cleared.push('customers.name_enc', 'customers.phone_enc', 'customers.email_enc', 'customers.address_enc', 'customers.phone_hash',
      'customers.email_hash', 'customers.external_id', 'customers.city', 'customers.gender', 'customers.birth_year');
    for (const l of linkedTables()) {
      const personal = l.columns.filter((c) => (c.classification === 'personal' || c.classification === 'sensitive_personal')
        && !['customer_id', 'order_id', 'ticket_id', 'id'].includes(c.column) && (c.nullable || c.type === 'text'));
      if (personal.length === 0) continue;
      // A non-null identifier becomes one pseudonym per customer, so distinct counts stay right.
      const filler = l.via === 'customer_id' ? `${ERASED_TEXT}:${customerId}` : ERASED_TEXT;
      const sets = personal.map((c) => sql`${ident(c.column)} = ${c.nullable ? null : filler}`);
      // The analytics rollups count visitors by this id: one pseudonym for all the customer's
      // sessions can change who a visitor is (rolled-up days are then read from the facts again).
      if (l.table === 'traffic_sessions' && personal.some((c) => c.column === 'visitor_id')) {
        await lowerRollupWatermarkForVisitorIds(tx, sql`s.customer_id = ${customerId} and s.visitor_id <> ${filler}`, () => sql`${filler}::text`);
      }
      const res = await queryRows<{ n: number | string }>(tx, sql`with u as (update ${ident(l.table)} set ${sql.join(sets, sql`, `)} where ${whereOf(l, customerId)} returning 1) select count(*) as n from u`);
      rows[l.table] = Number(res[0]?.n ?? 0);
      cleared.push(...personal.map((c) => `${l.table}.${c.column}`));
    }
    await audit(tx, actor, {
      action: 'subject_erasure', entity: 'customer', entityId: customerId, personalData: true,
      details: { rows, columns: cleared },
    });
    return { customerId, erasedAt: now.toISOString(), rows, columns: cleared };
  });
}

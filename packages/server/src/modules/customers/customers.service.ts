import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { CreateCustomerInput, CustomerDto, CustomerFilters, CustomerListQuery, UpdateCustomerInput } from '@zhanggui/contracts';
import { pgErrorOf, type Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { actorCan, audit, type Actor } from '../identity/index.js';
import { customerView, encryptPii, hasPersonalData, PII_FIELDS, type CustomerRow } from './customer-view.js';
import { customers } from './customers.tables.js';

/** Whether the actor sees personal data in clear. */
export const unmasks = (actor: Actor) => actorCan(actor, 'pii:read');

/**
 * Record that `rows` went out unmasked: one audit entry per request, naming every customer.
 * Masked responses hold no personal data and are not recorded.
 */
export async function auditPersonalRead(db: Tx, actor: Actor, rows: CustomerRow[], details: Record<string, unknown> = {}): Promise<void> {
  const ids = rows.filter(hasPersonalData).map((r) => r.id);
  if (!unmasks(actor) || ids.length === 0) return;
  await audit(db, actor, { action: 'read', entity: 'customer', entityId: ids.length === 1 ? ids[0] : null, personalData: true, details: { ...details, ids } });
}

/** The WHERE clause for list and export; `q` is an exact phone or email, matched by keyed hash. */
export function customerFilter(cipher: PiiCipher, f: CustomerFilters): SQL | undefined {
  let byContact: SQL | undefined;
  if (f.q !== undefined) {
    const kind = f.q.includes('@') ? 'email' : 'phone';
    const hash = cipher.lookupHash(kind, f.q);
    byContact = hash ? eq(kind === 'email' ? customers.emailHash : customers.phoneHash, hash) : sql`false`;
  }
  return and(
    f.region !== undefined ? eq(customers.region, f.region) : undefined,
    byContact,
    f.consentMarketing !== undefined ? eq(customers.consentMarketing, f.consentMarketing) : undefined,
    f.consentAnalytics !== undefined ? eq(customers.consentAnalytics, f.consentAnalytics) : undefined,
  );
}

/** The filters, minus the searched phone or email: the audit log must not hold personal data. */
export const filtersForAudit = (f: CustomerFilters) => ({
  region: f.region, consentMarketing: f.consentMarketing, consentAnalytics: f.consentAnalytics, byContact: f.q !== undefined,
});

async function loadRow(db: Tx, id: number): Promise<CustomerRow> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  if (!row) throw new AppError('not_found', `No customer ${id}`, { entity: 'customer', id });
  return row;
}

export async function getCustomer(db: Tx, cipher: PiiCipher, actor: Actor, id: number): Promise<CustomerDto> {
  const row = await loadRow(db, id);
  await auditPersonalRead(db, actor, [row]);
  return customerView(row, cipher, unmasks(actor));
}

export async function listCustomers(db: Tx, cipher: PiiCipher, actor: Actor, q: CustomerListQuery) {
  const where = customerFilter(cipher, q);
  const rows = await db.select().from(customers).where(where).orderBy(asc(customers.id)).limit(q.limit).offset(q.offset);
  const [total] = await db.select({ n: count() }).from(customers).where(where);
  await auditPersonalRead(db, actor, rows, { filters: filtersForAudit(q) });
  return { items: rows.map((r) => customerView(r, cipher, unmasks(actor))), total: total?.n ?? 0, limit: q.limit, offset: q.offset };
}

/** Customers with this phone number (several may share one), as the actor may see them. */
export async function findByPhone(db: Tx, cipher: PiiCipher, actor: Actor, phone: string): Promise<CustomerDto[]> {
  if (phone.includes('@')) return [];
  return (await listCustomers(db, cipher, actor, { q: phone, limit: 500, offset: 0 })).items;
}

export async function findByEmail(db: Tx, cipher: PiiCipher, actor: Actor, email: string): Promise<CustomerDto[]> {
  if (!email.includes('@')) return [];
  return (await listCustomers(db, cipher, actor, { q: email, limit: 500, offset: 0 })).items;
}

export async function createCustomer(db: Tx, cipher: PiiCipher, actor: Actor, input: CreateCustomerInput, now: Date): Promise<CustomerDto> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(customers).values({
        source: 'api', externalId: input.externalId ?? null,
        ...encryptPii(cipher, { name: input.name, phone: input.phone, email: input.email, address: input.address }),
        region: input.region ?? null, city: input.city ?? null, gender: input.gender ?? null, birthYear: input.birthYear ?? null,
        registeredAt: input.registeredAt ? new Date(input.registeredAt) : now,
        consentMarketing: input.consentMarketing, consentAnalytics: input.consentAnalytics, consentUpdatedAt: now,
      }).returning();
      // Snapshots are masked: the audit log is read by auditors, who may not see personal data.
      await audit(tx, actor, { action: 'create', entity: 'customer', entityId: row!.id, after: customerView(row!, cipher, false), personalData: true });
      return customerView(row!, cipher, unmasks(actor));
    });
  } catch (e) {
    const pg = pgErrorOf(e);
    if (pg?.code === '23505' && pg.constraint === 'customers_source_external_id_key') {
      throw new AppError('conflict', `externalId: a customer with external id ${input.externalId} already exists`, { field: 'body.externalId' });
    }
    throw e;
  }
}

/** Change fields (null clears one); a change of either consent stamps `consentUpdatedAt`. */
export async function updateCustomer(db: Tx, cipher: PiiCipher, actor: Actor, id: number, patch: UpdateCustomerInput, now: Date): Promise<CustomerDto> {
  return db.transaction(async (tx) => {
    const beforeRow = await loadRow(tx, id);
    if (beforeRow.erasedAt && PII_FIELDS.some((f) => patch[f] != null)) {
      throw new AppError('conflict', `customer ${id} was erased; personal data cannot be added back`, { entity: 'customer', id });
    }
    const { name, phone, email, address, consentMarketing, consentAnalytics, ...plain } = patch;
    const consentChanged = (consentMarketing !== undefined && consentMarketing !== beforeRow.consentMarketing)
      || (consentAnalytics !== undefined && consentAnalytics !== beforeRow.consentAnalytics);
    const set = Object.fromEntries(Object.entries({
      ...plain, ...encryptPii(cipher, { name, phone, email, address }), consentMarketing, consentAnalytics,
      consentUpdatedAt: consentChanged ? now : undefined,
    }).filter(([, v]) => v !== undefined));
    const [afterRow] = Object.keys(set).length > 0 ? await tx.update(customers).set(set).where(eq(customers.id, id)).returning() : [beforeRow];
    await audit(tx, actor, {
      action: 'update', entity: 'customer', entityId: id, personalData: true,
      before: customerView(beforeRow, cipher, false), after: customerView(afterRow!, cipher, false),
      details: { fields: Object.keys(patch).filter((k) => patch[k as keyof UpdateCustomerInput] !== undefined) },
    });
    return customerView(afterRow!, cipher, unmasks(actor));
  });
}

/** Record a customer's consent choice (from the console, a preference centre or an import). */
export const updateConsent = (db: Tx, cipher: PiiCipher, actor: Actor, id: number, consent: { marketing?: boolean; analytics?: boolean }, now: Date) =>
  updateCustomer(db, cipher, actor, id, { consentMarketing: consent.marketing, consentAnalytics: consent.analytics }, now);

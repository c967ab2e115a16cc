import { and, asc, gt } from 'drizzle-orm';
import type { CustomerDto, CustomerFilters } from '@zhanggui/contracts';
import type { Tx } from '../../db/client.js';
import type { PiiCipher } from '../../security/pii-cipher.js';
import { audit, type Actor } from '../identity/index.js';
import { customerView, hasPersonalData } from './customer-view.js';
import { customerFilter, filtersForAudit, unmasks } from './customers.service.js';
import { customers } from './customers.tables.js';

const COLUMNS: (keyof CustomerDto)[] = [
  'id', 'source', 'externalId', 'name', 'phone', 'email', 'address', 'region', 'city', 'gender', 'birthYear', 'registeredAt',
  'consentMarketing', 'consentAnalytics', 'consentUpdatedAt', 'erasedAt', 'createdAt',
];
const BATCH = 1000;

/**
 * A CSV cell: quoted when it must be, and with a leading ' when it starts like a spreadsheet
 * formula (=, +, -, @), so opening an export cannot run a formula planted in a name or address.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Every customer matching the filters as CSV (UTF-8 with a BOM so Excel shows Chinese text
 * correctly), masked unless the actor holds pii:read. Every export is audited as a personal-data
 * event listing the customers in it, masked or not: a list of contacts leaving the system matters.
 */
export async function exportCustomers(db: Tx, cipher: PiiCipher, actor: Actor, filters: CustomerFilters): Promise<string> {
  const where = customerFilter(cipher, filters);
  const unmask = unmasks(actor);
  const lines = [COLUMNS.join(',')];
  const ids: number[] = [];
  let personal = false;
  // Keyset pages keep each query small however many customers there are.
  for (let after = 0; ;) {
    const rows = await db.select().from(customers).where(and(where, gt(customers.id, after))).orderBy(asc(customers.id)).limit(BATCH);
    for (const row of rows) {
      const view = customerView(row, cipher, unmask);
      lines.push(COLUMNS.map((c) => csvCell(view[c])).join(','));
      ids.push(row.id);
      personal ||= hasPersonalData(row);
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!.id;
  }
  await audit(db, actor, {
    action: 'export', entity: 'customer', personalData: true,
    details: { format: 'csv', count: ids.length, masked: !unmask, containsPersonalData: personal, filters: filtersForAudit(filters), ids },
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

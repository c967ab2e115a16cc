import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { forEachDriver } from '../../test-support/db.js';
import { loadConfig } from '../../config.js';
import { buildDataCatalogue, dataCatalogueCsv } from './data-catalogue.js';

describe('data catalogue', () => {
  const cat = buildDataCatalogue();
  const col = (table: string, column: string) => cat.columns.find((c) => c.table === table && c.column === column);

  it('classifies the personal columns by annotation, with grades', () => {
    expect(col('customers', 'phone_enc')).toMatchObject({ classification: 'personal', grade: 3, source: 'annotation' });
    expect(col('customers', 'address_enc')).toMatchObject({ classification: 'sensitive_personal', grade: 4 });
    expect(col('users', 'password_hash')).toMatchObject({ classification: 'sensitive_personal', grade: 4 });
    expect(col('tickets', 'body')).toMatchObject({ classification: 'personal', source: 'annotation' });
    expect(col('orders', 'customer_id')).toMatchObject({ classification: 'personal', grade: 2 });
    expect(col('products', 'name')).toMatchObject({ classification: 'public', source: 'table' });
    expect(col('orders', 'payable_amount')).toMatchObject({ classification: 'internal', source: 'default' });
  });

  it('never leaves a personal-looking column as internal by default', () => {
    for (const c of cat.columns.filter((x) => /phone|email|address|_enc$|visitor_id|customer_id/.test(x.column))) {
      expect(['personal', 'sensitive_personal'], `${c.table}.${c.column}`).toContain(c.classification);
    }
  });

  it('marks every personal and sensitive personal column as restricted for cross-border transfer, and nothing else', () => {
    const personal = cat.columns.filter((c) => c.classification === 'personal' || c.classification === 'sensitive_personal');
    expect(personal.length).toBe(cat.summary.personal + cat.summary.sensitive_personal);
    expect(personal.length).toBeGreaterThan(20); // the shop holds personal data in many tables; a sanity floor, not a reference figure
    for (const c of personal) expect(c.crossBorder, `${c.table}.${c.column}`).toBe('restricted');
    for (const c of cat.columns.filter((x) => !personal.includes(x))) expect(c.crossBorder, `${c.table}.${c.column}`).toBe('unrestricted');
    expect(cat.columns.find((c) => c.table === 'customers' && c.column === 'address_enc')).toMatchObject({ classification: 'sensitive_personal', crossBorder: 'restricted' });
    expect(cat.dataLocation).toBe('CN'); // the default
    expect(buildDataCatalogue({ dataLocation: 'SG' }).dataLocation).toBe('SG');
    // The install declares it with ZHANGGUI_DATA_LOCATION.
    expect(loadConfig({}, {}).dataLocation).toBe('CN');
    expect(loadConfig({}, { ZHANGGUI_DATA_LOCATION: 'sg' }).dataLocation).toBe('SG');
    expect(() => loadConfig({}, { ZHANGGUI_DATA_LOCATION: 'China' })).toThrow(/ZHANGGUI_DATA_LOCATION/);
  });

  it('exports CSV with one line per column', () => {
    const csv = dataCatalogueCsv(cat);
    const lines = csv.trim().split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true); // a BOM so Excel reads UTF-8
    expect(lines[0]).toBe('table,column,type,nullable,classification,grade,source,note,cross_border,data_location');
    expect(lines).toHaveLength(cat.columns.length + 1);
    expect(lines).toContain('customers,phone_enc,text,true,personal,3,annotation,"phone, encrypted",restricted,CN');
    expect(cat.summary.personal + cat.summary.sensitive_personal + cat.summary.internal + cat.summary.public).toBe(cat.columns.length);
  });
});

forEachDriver('data catalogue against the database', (t) => {
  it('covers every table and column the migrations create', async () => {
    const cols = await queryRows<{ t: string; c: string }>(t().database.db, sql`
      select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' order by 1, 2`);
    const inDb = new Set(cols.map((r) => `${r.t}.${r.c}`));
    const inCatalogue = new Set(buildDataCatalogue().columns.map((c) => `${c.table}.${c.column}`));
    expect([...inDb].filter((x) => !inCatalogue.has(x))).toEqual([]);
  });
});

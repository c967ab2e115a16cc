import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { openPlatform } from '../../platform.js';
import { queryRows } from '../../db/client.js';
import { forEachDriver } from '../../test-support/db.js';
import { runZhanggui } from '../../test-support/cli.js';
import { audit, SYSTEM_ACTOR } from '../identity/index.js';
import { verifyAuditChain } from './audit-chain.service.js';

/** Change or remove audit rows as a superuser does: switch the append-only trigger off for one statement. */
async function tamper(db: Parameters<typeof verifyAuditChain>[0], statement: string) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await tx.execute(sql.raw(statement));
    await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
}

forEachDriver('audit hash chain', (t) => {
  it('chains every insert, also from concurrent transactions', async () => {
    const db = t().database.db;
    // Ten transactions at once; on PostgreSQL they run on separate connections of the pool.
    await Promise.all(Array.from({ length: 10 }, (_, i) => db.transaction(async (tx) => {
      await audit(tx, SYSTEM_ACTOR, { action: 'update', entity: 'store', entityId: i, before: { n: i }, after: { n: i + 1, note: '中文 "quoted"' } });
      await audit(tx, SYSTEM_ACTOR, { action: 'read', entity: 'customer', entityId: i, personalData: true, details: { ids: [i] } });
    })));
    const rows = await queryRows<{ seq: string | number }>(db, sql`select chain_seq as seq from audit_log order by chain_seq`);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, problems: [], headSeq: rows.length, rows: rows.length });
    expect(report.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names an edited row, a deleted row, deleted last rows and a rewritten chain', async () => {
    const db = t().database.db;
    const before = await verifyAuditChain(db);
    const anchor = { seq: before.headSeq, hash: before.headHash };
    const [victim] = await queryRows<{ id: number }>(db, sql`select id from audit_log where chain_seq = 5`);
    const id = Number(victim!.id);
    await tamper(db, `update audit_log set actor_name = 'mallory' where id = ${id}`);
    const edited = await verifyAuditChain(db, anchor);
    expect(edited.ok).toBe(false);
    expect(edited.problems).toEqual([{ kind: 'changed', id, seq: 5, message: `row ${id} (chain_seq 5) does not match its chain hash: it was changed after it was written` }]);

    const [second] = await queryRows<{ id: number }>(db, sql`select id from audit_log where chain_seq = 8`);
    const [ninth] = await queryRows<{ id: number }>(db, sql`select id from audit_log where chain_seq = 9`);
    await tamper(db, `delete from audit_log where id = ${Number(second!.id)}`);
    const deleted = await verifyAuditChain(db);
    expect(deleted.problems.map((p) => p.message)).toEqual([
      `row ${id} (chain_seq 5) does not match its chain hash: it was changed after it was written`,
      `row with chain_seq 8 is missing before row ${Number(ninth!.id)} (deleted)`,
    ]);

    await tamper(db, `delete from audit_log where chain_seq = (select max(chain_seq) from audit_log)`);
    expect((await verifyAuditChain(db)).problems.at(-1)).toMatchObject({ kind: 'tail', message: expect.stringMatching(/last rows were deleted/) });

    // A superuser who recomputes every hash after editing passes the chain check, but not the anchor.
    await tamper(db, `update audit_log set chain_hash = md5(chain_hash) || md5(chain_hash) where chain_seq = ${anchor.seq - 1}`);
    const rewritten = await verifyAuditChain(db, anchor);
    expect(rewritten.problems.some((p) => p.kind === 'anchor')).toBe(true);
  });
});

describe('zhanggui audit verify', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-audit-'));
  const { DATABASE_URL: serverUrl } = process.env;
  beforeAll(() => { delete process.env.DATABASE_URL; });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl !== undefined) process.env.DATABASE_URL = serverUrl;
  });

  it('passes on an untouched log and exits 1 naming the edited row', async () => {
    expect((await runZhanggui('--data-dir', dataDir, 'store', 'set', '--name', 'A')).code).toBe(0);
    expect((await runZhanggui('--data-dir', dataDir, 'store', 'set', '--name', 'B')).code).toBe(0);
    const good = await runZhanggui('--data-dir', dataDir, 'audit', 'verify');
    expect(good).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit log OK: 2 rows, head chain_seq 2 sha256 [0-9a-f]{64}\n/) });
    const p = await openPlatform(loadConfig({ dataDir }, {}));
    let id = 0;
    try {
      id = Number((await queryRows<{ id: number }>(p.database.db, sql`select id from audit_log where chain_seq = 1`))[0]!.id);
      await tamper(p.database.db, `update audit_log set after = '{"name":"Z"}' where id = ${id}`);
    } finally {
      await p.close();
    }
    const bad = await runZhanggui('--data-dir', dataDir, 'audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`row ${id} (chain_seq 1) does not match its chain hash`);
  });
});

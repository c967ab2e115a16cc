import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SegmentRule } from '@zhanggui/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { importFile } from '../../ingest/index.js';
import { addDays } from '../../lib/business-date.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { encryptPii } from '../customers/index.js';
import type { Actor } from '../identity/index.js';
import { loyaltyStep } from '../loyalty/index.js';
import { clvStep } from './clv.pipeline.js';
import { rfmStep } from './rfm.pipeline.js';
import { segmentsStep } from './segments.pipeline.js';
import { countRule, createSegment, createSegmentAction, exportSegment, getSegment } from './segments.service.js';

/**
 * The fixture of rfm.pipeline.test.ts: ten buyers with `n` orders of `amount` cents three days
 * apart, the last `last` days before 2025-12-31, whose RFM groups, strata and stages that test
 * works out by hand; c01 and c02 consent to marketing, c03 lives in 上海.
 */
const AS_OF = '2025-12-31';
const BUYERS = [
  { id: 'c01', last: 1, n: 10, amount: 100 }, { id: 'c02', last: 2, n: 1, amount: 100 }, { id: 'c03', last: 10, n: 6, amount: 100 },
  { id: 'c04', last: 20, n: 2, amount: 5000 }, { id: 'c05', last: 40, n: 5, amount: 100 }, { id: 'c06', last: 60, n: 3, amount: 100 },
  { id: 'c07', last: 100, n: 8, amount: 100 }, { id: 'c08', last: 150, n: 4, amount: 100 }, { id: 'c09', last: 200, n: 9, amount: 100 },
  { id: 'c10', last: 300, n: 7, amount: 100 },
];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-segments-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function file(name: string, lines: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `customer_id date number_of_cds dollar_value\n${lines.join('\n')}\n`);
  return f;
}
const fixture = () => file('fixture.txt', [
  ...BUYERS.flatMap((b) => Array.from({ length: b.n }, (_, k) => `${b.id} ${addDays(AS_OF, -(b.last + 3 * k)).replace(/-/g, '')} 1 ${(b.amount / 100).toFixed(2)}`)),
  'c02 20230501 1 1.00',
]);
const analyst: Actor = { type: 'user', userId: null, name: 'ana', role: 'analyst' };
const operator: Actor = { type: 'user', userId: null, name: 'ops', role: 'operator' };

const BIG_QUIET: SegmentRule = { op: 'and', rules: [{ field: 'lifecycle', in: ['at_risk', 'churned'] }, { field: 'totalSpend', min: 500 }] };

forEachDriver('segments', (t) => {
  const steps = [clvStep, rfmStep, loyaltyStep, segmentsStep];
  const pipeline = async (asOf: string) => expect((await runPipeline(t().database, steps, { asOf })).filter((r) => r.status !== 'succeeded')).toEqual([]);
  const ids = async (q: ReturnType<typeof sql>) => (await queryRows<{ e: string }>(t().database.db, q)).map((r) => r.e);
  beforeAll(async () => {
    const { db } = t().database;
    await importFile(t(), 'cdnow', fixture());
    await db.execute(sql`update customers set consent_marketing = true where external_id in ('c01', 'c02')`);
    await db.execute(sql`update customers set region = '上海' where external_id = 'c03'`);
    const pii = encryptPii(t().cipher, { name: '张三', phone: '13812345678' });
    await db.execute(sql`update customers set name_enc = ${pii.nameEnc!}, phone_enc = ${pii.phoneEnc!} where external_id = 'c07'`);
    await pipeline(AS_OF);
  });

  it('evaluates conditions with AND / OR groups and counts live', async () => {
    const db = t().database.db;
    const count = async (rule: SegmentRule) => (await countRule(db, rule, AS_OF)).count;
    // At risk or churned (c07–c10) with ¥5+ spent: c07 ¥8, c09 ¥9, c10 ¥7 (c08 has ¥4).
    expect(await count(BIG_QUIET)).toBe(3);
    // Champions (c01), or potential (c04) who bought in the last 30 days.
    expect(await count({ op: 'or', rules: [{ field: 'rfmGroup', in: ['champions'] }, { op: 'and', rules: [{ field: 'stratum', in: ['potential'] }, { field: 'lastOrderDays', max: 30 }] }] })).toBe(2);
    expect(await count({ field: 'rfmGroup', in: ['prospects'] })).toBe(0); // every customer of the fixture bought
    expect(await count({ field: 'consentMarketing', is: true })).toBe(2);
    expect(await count({ field: 'region', in: ['上海'] })).toBe(1);
    expect(await count({ field: 'channel', in: ['cdnow'] })).toBe(10);
    expect(await count({ field: 'productBought', in: ['CD'] })).toBe(10);
    expect(await count({ field: 'productBought', in: ['NOPE'] })).toBe(0);
    // Nobody reached ¥1,000 in 12 months: all in the lowest tier.
    expect(await count({ field: 'tier', in: ['regular'] })).toBe(10);
    // CLV and churn-risk conditions agree with the stored scores.
    const [direct] = await queryRows<{ hi: number; crit: number }>(db, sql`select count(*) filter (where clv_gmv >= 100) as hi,
      count(*) filter (where churn_risk in ('high', 'critical')) as crit from customer_clv_scores`);
    expect(await count({ field: 'clv', min: 100 })).toBe(direct!.hi);
    expect(await count({ field: 'churnRisk', in: ['high', 'critical'] })).toBe(direct!.crit);
    await expect(countRule(db, { field: 'stratum', in: ['vip'] }, AS_OF)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('recomputes membership with entered and left events, once per day', async () => {
    const { db } = t().database;
    const seg = await createSegment(db, analyst, { name: 'Big spenders going quiet', rule: BIG_QUIET });
    await pipeline(AS_OF);
    await pipeline(AS_OF);
    expect(await getSegment(db, seg.id)).toMatchObject({ members: 3, computedOn: AS_OF });
    // c07 buys again on 2026-01-01, 101 days after the last time: active again, so out of the segment that day.
    await importFile(t(), 'cdnow', file('more.txt', ['c07 20260101 1 1.00']));
    await pipeline('2026-01-01');
    expect(await ids(sql`select c.external_id || ' ' || e.kind || ' ' || e.day as e from segment_events e join customers c on c.id = e.customer_id
      where e.segment_id = ${seg.id} order by e.day, c.external_id`)).toEqual([
      'c07 entered 2025-12-31', 'c09 entered 2025-12-31', 'c10 entered 2025-12-31', 'c07 left 2026-01-01',
    ]);
    expect(await getSegment(db, seg.id)).toMatchObject({ members: 2, computedOn: '2026-01-01' });
  });

  it('exports members masked unless the role reads personal data, and audits each export', async () => {
    const { db } = t().database;
    const seg = await createSegment(db, analyst, { name: 'Active or at risk', rule: { field: 'lifecycle', in: ['active', 'at_risk'] } });
    await pipeline('2026-01-01');
    const masked = await exportSegment(db, t().cipher, analyst, seg.id);
    const plain = await exportSegment(db, t().cipher, operator, seg.id);
    const c07 = (csv: string) => csv.split('\r\n').find((l) => l.split(',')[1] === 'c07')!;
    expect(masked.startsWith('\uFEFFid,externalId,name,phone,email,region,rfmGroup,stratum,lifecycle,tier,pAlive,clv')).toBe(true);
    expect(c07(masked)).toContain('138****5678');
    expect(c07(masked)).not.toContain('张三');
    expect(c07(plain)).toContain('张三,13812345678');
    const audits = await queryRows<{ actor_name: string; personal_data: boolean; masked: boolean }>(db, sql`
      select actor_name, personal_data, (details->>'masked')::boolean as masked from audit_log where entity = 'segment' and action = 'export' order by id`);
    expect(audits).toEqual([{ actor_name: 'ana', personal_data: true, masked: true }, { actor_name: 'ops', personal_data: true, masked: false }]);
  });

  it('records actions: tags applied, coupons and campaigns pending, win-back offers capped by CLV', async () => {
    const { db } = t().database;
    const seg = await createSegment(db, analyst, { name: 'Everyone who bought', rule: { field: 'channel', in: ['cdnow'] } });
    await expect(createSegmentAction(db, analyst, seg.id, { kind: 'tag', tag: 'vip' })).rejects.toMatchObject({ code: 'conflict' });
    await pipeline('2026-01-01');
    expect(await createSegmentAction(db, analyst, seg.id, { kind: 'tag', tag: 'vip' })).toMatchObject({ status: 'done', customers: 10 });
    const [tags] = await queryRows<{ n: number }>(db, sql`select count(*) as n from customer_tags where tag = 'vip'`);
    expect(tags!.n).toBe(10);
    expect(await createSegmentAction(db, analyst, seg.id, { kind: 'coupon', couponCode: 'BACK10' })).toMatchObject({ status: 'pending', customers: 10, totalCost: null });
    expect(await createSegmentAction(db, analyst, seg.id, { kind: 'campaign', campaign: 'spring-newsletter' })).toMatchObject({ status: 'pending', customers: 10 });
    // Win-back: ¥5 (500 分) offered, at most 10% of each customer's predicted CLV.
    const action = await createSegmentAction(db, analyst, seg.id, { kind: 'winback', offerValue: 500, maxShareOfClv: 0.1 });
    const offers = await queryRows<{ offer: number; cap: number }>(db, sql`
      select t.offer_value as offer, floor(0.1 * s.clv_gmv) as cap from segment_action_targets t
      join customer_clv_scores s on s.customer_id = t.customer_id and s.fit_id = (select max(id) from clv_fits) where t.action_id = ${action.id}`);
    // Members whose capped offer rounds to nothing get none: here the ¥1 buyers' CLV is below 10 分.
    expect(action.customers).toBeGreaterThan(0);
    expect(offers.length).toBe(action.customers);
    for (const o of offers) expect(o.offer).toBe(Math.min(500, o.cap));
    expect(offers.every((o) => o.offer > 0)).toBe(true);
    expect(action.totalCost).toBe(offers.reduce((s, o) => s + o.offer, 0));
    expect(action.status).toBe('pending');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { importFile } from '../../ingest/index.js';
import { runPipeline } from '../../pipeline/runner.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { loyaltyStep } from '../loyalty/index.js';
import { clvStep } from './clv.pipeline.js';
import { customerIntelligence, latestClvFit } from './customer-intelligence.service.js';
import { rfmStep } from './rfm.pipeline.js';
import { segmentsStep } from './segments.pipeline.js';
import { countRule } from './segments.service.js';

// Three customers: A bought on 2025-10-01, 10-20 and 12-01 (¥30 each), B once on 2025-06-01 (¥5),
// C once on 2025-12-20 (¥2,000: silver tier at ¥1,000).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-seg-routes-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const NOW = new Date('2026-01-01T04:00:00Z'); // noon in Shanghai: business day 2026-01-01

forEachDriver('segments and loyalty HTTP API', (t) => {
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let operator: Record<string, string>;
  let owner: Record<string, string>;
  const id = async (ext: string) => (await queryRows<{ id: number }>(t().database.db, sql`select id from customers where external_id = ${ext}`))[0]!.id;

  beforeAll(async () => {
    const file = path.join(dir, 'f.txt');
    fs.writeFileSync(file, 'customer_id date number_of_cds dollar_value\nA 20251001 1 30.00\nA 20251020 1 30.00\nA 20251201 1 30.00\nB 20250601 1 5.00\nC 20251220 1 2000.00\n');
    await importFile(t(), 'cdnow', file);
    const res = await runPipeline(t().database, [clvStep, rfmStep, loyaltyStep, segmentsStep], { asOf: '2025-12-31' });
    expect(res.filter((r) => r.status !== 'succeeded')).toEqual([]);
    app = await buildApp({ platform: t(), now: () => NOW });
    const db = t().database.db;
    analyst = (await createTestCaller(db, 'analyst')).headers;
    operator = (await createTestCaller(db, 'operator')).headers;
    owner = (await createTestCaller(db, 'owner')).headers;
  });
  afterAll(async () => app?.close());

  it('counts a rule live, and creates, lists and acts on segments with the right permissions', async () => {
    const rule = { op: 'or', rules: [{ field: 'lifecycle', in: ['active'] }, { field: 'tier', in: ['silver'] }] };
    const count = await app.inject({ method: 'POST', url: '/api/segments/count', headers: analyst, payload: { rule } });
    // A is active (three purchases, last 30 days ago); C is new but silver: 2.
    expect(count.json()).toEqual({ count: 2, day: '2026-01-01' });
    expect(await countRule(t().database.db, rule, '2026-01-01')).toEqual({ count: 2 });
    const bad = await app.inject({ method: 'POST', url: '/api/segments/count', headers: analyst, payload: { rule: { field: 'tier' } } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/segments', headers: analyst, payload: { name: 'x', rule } })).statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url: '/api/segments', headers: operator, payload: { name: 'Active or silver', rule } });
    expect(created.statusCode).toBe(201);
    const seg = created.json();
    expect(seg).toMatchObject({ name: 'Active or silver', members: 0, computedOn: null, rule });
    await runPipeline(t().database, [clvStep, rfmStep, loyaltyStep, segmentsStep], { asOf: '2025-12-31' });
    const list = await app.inject({ method: 'GET', url: '/api/segments', headers: analyst });
    expect(list.json()).toEqual([expect.objectContaining({ id: seg.id, members: 2, computedOn: '2025-12-31' })]);
    const members = await app.inject({ method: 'GET', url: `/api/segments/${seg.id}/members?limit=10`, headers: analyst });
    expect(members.json().total).toBe(2);
    expect(members.json().items.map((m: { externalId: string; lifecycleStage: string; masked: boolean }) => [m.externalId, m.lifecycleStage, m.masked]).sort())
      .toEqual([['A', 'active', true], ['C', 'new', true]]);
    const tag = await app.inject({ method: 'POST', url: `/api/segments/${seg.id}/actions`, headers: operator, payload: { kind: 'tag', tag: '重点' } });
    expect(tag.json()).toMatchObject({ kind: 'tag', status: 'done', customers: 2 });
    const csv = await app.inject({ method: 'GET', url: `/api/segments/${seg.id}/export`, headers: analyst });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.trim().split('\r\n')).toHaveLength(3);
  });

  it('serves the customer 360 data and the CLV fit as the services compute them', async () => {
    const a = await id('A');
    const res = await app.inject({ method: 'GET', url: `/api/customers/${a}/intelligence`, headers: analyst });
    expect(res.json()).toEqual(await customerIntelligence(t().database.db, a));
    expect(res.json()).toMatchObject({
      rfm: { frequency: 3, monetary: 9000, lifecycleStage: 'active' },
      lifecycleHistory: [{ day: '2025-10-01', from: null, to: 'new' }, { day: '2025-10-20', from: 'new', to: 'active' }],
      clv: { x: 2, churnRisk: expect.any(String) }, tags: ['重点'],
    });
    const fit = await app.inject({ method: 'GET', url: '/api/clv/fit', headers: analyst });
    expect(fit.json()).toEqual(await latestClvFit(t().database.db));
    expect(fit.json()).toMatchObject({ calibrationEnd: '2025-12-31', customers: 3, repeatCustomers: 1 });
    expect((await app.inject({ method: 'GET', url: '/api/customers/999999/intelligence', headers: analyst })).json()).toMatchObject({ code: 'not_found' });
  });

  it('serves membership: settings, tiers, points postings once per key, and the dashboard', async () => {
    const c = await id('C');
    const settings = await app.inject({ method: 'GET', url: '/api/loyalty/settings', headers: analyst });
    expect(settings.json().tiers.map((x: { name: string }) => x.name)).toEqual(['普通', '银卡', '金卡', '钻石']);
    expect((await app.inject({ method: 'PUT', url: '/api/loyalty/settings', headers: analyst, payload: settings.json() })).statusCode).toBe(403);
    const changed = { ...settings.json(), graceDays: 60 };
    expect((await app.inject({ method: 'PUT', url: '/api/loyalty/settings', headers: owner, payload: changed })).json()).toMatchObject({ graceDays: 60 });
    const post = () => app.inject({ method: 'POST', url: `/api/customers/${c}/points`, headers: operator, payload: { key: 'goodwill-1', kind: 'adjust', points: 50, note: '补偿' } });
    expect((await post()).json()).toMatchObject({ ok: true, replayed: false, balance: 2050 });
    expect((await post()).json()).toMatchObject({ ok: true, replayed: true, balance: 2050 });
    const short = await app.inject({ method: 'POST', url: `/api/customers/${c}/points`, headers: operator, payload: { key: 'r-1', kind: 'redeem', points: -5000 } });
    expect(short.json()).toEqual({ ok: false, reason: 'insufficient_points', balance: 2050 });
    const loyalty = await app.inject({ method: 'GET', url: `/api/customers/${c}/loyalty`, headers: analyst });
    // ¥2,000 paid: 2,000 points at 普通 ×1, silver at once; +50 goodwill.
    expect(loyalty.json()).toMatchObject({
      tier: { code: 'silver', name: '银卡', since: '2025-12-31' }, growthValue: 200000, balance: 2050,
      ledger: [{ kind: 'earn', points: 2000, expiresOn: '2026-12-20' }, { kind: 'adjust', points: 50, note: '补偿' }],
      tierHistory: [{ day: '2025-12-31', fromTier: 'regular', toTier: 'silver', reason: 'upgrade', growthValue: 200000 }],
    });
    const dash = await app.inject({ method: 'GET', url: '/api/loyalty/dashboard', headers: analyst });
    expect(dash.json()).toMatchObject({
      day: '2026-01-01', tiers: [{ code: 'regular', customers: 2 }, { code: 'silver', customers: 1 }, { code: 'gold', customers: 0 }, { code: 'diamond', customers: 0 }],
      // A 90 + B 5 + C 2,050 points at 1 分 each.
      liability: { points: 2145, value: 2145 }, remindersDue: [],
    });
  });
});

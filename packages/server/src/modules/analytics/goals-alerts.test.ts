import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { importFile } from '../../ingest/index.js';
import { createTestCaller } from '../../test-support/auth.js';
import { forEachDriver } from '../../test-support/db.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { analyticsRollupsStep } from './rollups.pipeline.js';
import { alertRulesStep, createAlertRule, createGoal, evaluateRule, goalsProgress, listAlerts, openAlert, overviewReport, projectGoal, robustZ, rollupWatermark } from './index.js';

// March 2024, one tmall order a day by a new customer: GMV on day d = 100.00 + (d mod 3) × 10.00, except 20 March: 500.00.
// March 2023: two tmall orders and one douyin order (last year's figures for a year-on-year goal; the douyin channel exists).
// April 2024 (device scope), 1–10 April on tmall: each day a mobile order of 200.00 by a new customer and a desktop order of
// 100.00 by another; 20 mobile and 10 desktop visitors a day, one of each converting (the day's order on that device).
// April 2023: one mobile and one desktop order.
const gmvOn = (d: number) => (d === 20 ? 50_000 : 10_000 + (d % 3) * 1_000);
const CSV = ['order_id,placed_at,channel,device,customer_id,sku,quantity,unit_price,paid_at',
  ...Array.from({ length: 31 }, (_, i) => i + 1).map((d) => {
    const at = `2024-03-${String(d).padStart(2, '0')} 12:00`;
    return `M${d},${at},tmall,mobile,c${d},A,1,${(gmvOn(d) / 100).toFixed(2)},${at}`;
  }),
  'L1,2023-03-05 12:00,tmall,mobile,x1,A,1,100.00,2023-03-05 12:00',
  'L2,2023-03-06 12:00,tmall,mobile,x2,A,1,100.00,2023-03-06 12:00',
  'L3,2023-03-07 12:00,douyin,mobile,x3,A,1,100.00,2023-03-07 12:00',
  ...Array.from({ length: 10 }, (_, i) => i + 1).flatMap((d) => {
    const day = `2024-04-${String(d).padStart(2, '0')}`;
    return [`AM${d},${day} 10:00,tmall,mobile,m${d},A,1,200.00,${day} 10:00`, `AD${d},${day} 11:00,tmall,desktop,d${d},A,1,100.00,${day} 11:00`];
  }),
  'L4,2023-04-03 12:00,tmall,mobile,x4,A,1,100.00,2023-04-03 12:00',
  'L5,2023-04-04 12:00,tmall,desktop,x5,A,1,100.00,2023-04-04 12:00',
].join('\n');

const APRIL = { startsOn: '2024-04-01', endsOn: '2024-05-01', owner: '运营-李' };

const MARCH = { startsOn: '2024-03-01', endsOn: '2024-04-01', owner: '运营-王' };

describe('goal projection and robust z (pure)', () => {
  it('projects volumes by run-rate and ratios as they stand; the at-risk band is 10%', () => {
    const base = { metric: 'gmv' as const, direction: 'at_least' as const, actual: 110_000, elapsedDays: 10, totalDays: 31 };
    // 110000 × 31 / 10 = 341000.
    expect(projectGoal({ ...base, targetValue: 300_000 })).toEqual({ projected: 341_000, progress: 110_000 / 300_000, status: 'on_track' });
    expect(projectGoal({ ...base, targetValue: 370_000 }).status).toBe('at_risk'); // 341000 ≥ 333000
    expect(projectGoal({ ...base, targetValue: 400_000 }).status).toBe('off_track'); // 341000 < 360000
    expect(projectGoal({ ...base, metric: 'aov', direction: 'at_most', actual: 11_000, targetValue: 10_500 })).toMatchObject({ projected: 11_000, status: 'at_risk' }); // ≤ 11550
    expect(projectGoal({ ...base, elapsedDays: 0, actual: null, targetValue: 1 }).status).toBe('not_started');
  });

  it('robust z-score: 0.6745 (x − median) / MAD, none for a flat or short history', () => {
    // history 10000 ×5, 11000 ×5, 12000 ×4: median 11000, MAD 1000 → z(50000) = 0.6745 × 39 = 26.3055.
    const history = [...Array(5).fill(10_000), ...Array(5).fill(11_000), ...Array(4).fill(12_000)] as number[];
    expect(robustZ(50_000, history)).toEqual({ z: 0.6745 * 39, median: 11_000, mad: 1_000 });
    expect(robustZ(5, [1, 1, 1, 1, 1, 1, 1]).z).toBeNull();
    expect(robustZ(5, [1, 2, 3]).z).toBeNull();
  });
});

forEachDriver('goals and alert rules', (t) => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zg-goals-')), 'orders.csv');
    fs.writeFileSync(file, CSV);
    await importFile(t(), 'orders-csv', file);
    const db = t().database.db;
    await db.execute(sql`insert into traffic_sessions (source, external_id, visitor_id, channel_id, device, started_at, page_views, order_id)
      select 'test', v.dev || d || '_' || k, v.dev || d || '_' || k, (select id from channels where code = 'tmall'), v.dev,
        ('2024-04-' || lpad(d::text, 2, '0') || ' 09:00:00+08')::timestamptz, 1,
        case when k = 0 then (select id from orders where external_id = v.prefix || d) end
      from generate_series(1, 10) d, (values ('mobile', 'AM', 20), ('desktop', 'AD', 10)) v(dev, prefix, n), lateral generate_series(0, v.n - 1) k`);
    ids.G1 = await createGoal(db, { ...MARCH, name: '3月 GMV', metric: 'gmv', target: 300_000 });
    ids.G2 = await createGoal(db, { ...MARCH, name: '3月 GMV 冲刺', metric: 'gmv', target: 370_000 });
    ids.G3 = await createGoal(db, { ...MARCH, name: '3月 GMV 挑战', metric: 'gmv', target: 400_000 });
    ids.G4 = await createGoal(db, { ...MARCH, name: '客单不超', metric: 'aov', target: 10_500, direction: 'at_most' });
    ids.G5 = await createGoal(db, { ...MARCH, name: '订单同比 +50%', metric: 'orders', targetKind: 'yoy_change', target: 0.5 });
    ids.G6 = await createGoal(db, { ...MARCH, startsOn: '2024-04-01', endsOn: '2024-05-01', name: '4月 GMV', metric: 'gmv', target: 1 });
    ids.G7 = await createGoal(db, { ...MARCH, name: '抖音 GMV', metric: 'gmv', channel: 'douyin', target: 100 });
  });

  it('device-scoped goals: progress, projection and status as of 10 April against hand-computed figures', async () => {
    const db = t().database.db;
    const made = {
      conv: await createGoal(db, { ...APRIL, name: '转化率 ≥ 3.5%', metric: 'conversionRate', target: 0.035 }),
      mobileConv: await createGoal(db, { ...APRIL, name: '手机转化率 ≥ 4.2%', metric: 'conversionRate', device: 'mobile', target: 0.042 }),
      mobileConvHigh: await createGoal(db, { ...APRIL, name: '手机转化率 ≥ 5.5%', metric: 'conversionRate', device: 'mobile', target: 0.055 }),
      mobileGmv: await createGoal(db, { ...APRIL, name: '手机 GMV', metric: 'gmv', device: 'mobile', target: 600_000 }),
      desktopGmv: await createGoal(db, { ...APRIL, name: '电脑 GMV', metric: 'gmv', device: 'desktop', target: 400_000 }),
      mobileYoy: await createGoal(db, { ...APRIL, name: '手机订单同比 +50%', metric: 'orders', device: 'mobile', targetKind: 'yoy_change', target: 0.5 }),
      tmallMobileBuyers: await createGoal(db, { ...APRIL, name: '天猫手机买家', metric: 'buyers', channel: 'tmall', device: 'mobile', target: 30 }),
      mobileAov: await createGoal(db, { ...APRIL, name: '手机客单不超', metric: 'aov', device: 'mobile', target: 19_000, direction: 'at_most' }),
    };
    Object.assign(ids, made);
    const by = Object.fromEntries((await goalsProgress(db, '2024-04-10')).map((g) => [g.name, g]));
    // 1–10 April of 30 days. Visitors: 300 (200 mobile, 100 desktop), converted 20 (10 + 10).
    expect(by['转化率 ≥ 3.5%']).toMatchObject({ device: null, actual: 20 / 300, projected: 20 / 300, status: 'on_track', elapsedDays: 10, totalDays: 30 });
    // Mobile: 10 / 200 = 5% (a ratio projects as it stands): ≥ 4.2% on track; against 5.5% within the 10% band (≥ 4.95%): at risk.
    expect(by['手机转化率 ≥ 4.2%']).toMatchObject({ device: 'mobile', channel: null, actual: 0.05, projected: 0.05, progress: 0.05 / 0.042, status: 'on_track' });
    expect(by['手机转化率 ≥ 5.5%']).toMatchObject({ actual: 0.05, status: 'at_risk' });
    // Mobile GMV 10 × 20000 = 200000 → 200000 × 30 / 10 = 600000 (on track); desktop 100000 → 300000 < 360000 (off track).
    expect(by['手机 GMV']).toMatchObject({ actual: 200_000, projected: 600_000, targetValue: 600_000, status: 'on_track' });
    expect(by['电脑 GMV']).toMatchObject({ device: 'desktop', actual: 100_000, projected: 300_000, status: 'off_track' });
    // Last April had one mobile order: target 1 × 1.5; 10 so far → 30 projected.
    expect(by['手机订单同比 +50%']).toMatchObject({ targetValue: 1.5, actual: 10, projected: 30, status: 'on_track' });
    expect(by['天猫手机买家']).toMatchObject({ channel: 'tmall', device: 'mobile', actual: 10, projected: 30, status: 'on_track' });
    // AOV 20000 > 19000 but within 10% (≤ 20900): at risk.
    expect(by['手机客单不超']).toMatchObject({ actual: 20_000, projected: 20_000, status: 'at_risk' });
    // The same figures as the overview's device split (computed by other code).
    const overview = await overviewReport(db, { from: '2024-04-01', to: '2024-04-11', compare: 'none' });
    const mobile = overview.byDevice.find((d) => d.key === 'mobile')!;
    expect([mobile.gmv, mobile.conversionRate]).toEqual([by['手机 GMV']!.actual, by['手机转化率 ≥ 4.2%']!.actual]);
    expect(overview.current.conversionRate).toBe(by['转化率 ≥ 3.5%']!.actual);
  });

  it('a device scope needs a metric with a device split and a known device', async () => {
    const db = t().database.db;
    await expect(createGoal(db, { ...APRIL, name: 'x', metric: 'roi', device: 'mobile', target: 1.8 })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^device: roi has no device split/) });
    await expect(createAlertRule(db, { name: 'x', metric: 'cpc', device: 'mobile', condition: { kind: 'threshold', op: 'gt', value: 100 } })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^device: cpc/) });
    await expect(createGoal(db, { ...APRIL, name: 'x', metric: 'gmv', device: 'watch' as 'mobile', target: 1 })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^device:/) });
    const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int8 as n from goals where name = 'x'`) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('an import evaluates the rules for the days it wrote: a rule fires with evidence, another does not; goals at risk raise alerts', async () => {
    const db = t().database.db;
    const fires = await createAlertRule(db, { name: '手机日 GMV 超 1000', metric: 'gmv', device: 'mobile', severity: 'info', condition: { kind: 'threshold', op: 'gt', value: 100_000 } });
    const quiet = await createAlertRule(db, { name: '电脑日 GMV 超 1000', metric: 'gmv', device: 'desktop', severity: 'info', condition: { kind: 'threshold', op: 'gt', value: 100_000 } });
    const store = await createAlertRule(db, { name: '全店日 GMV 超 1000', metric: 'gmv', severity: 'info', condition: { kind: 'threshold', op: 'gt', value: 100_000 } });
    // The read-model rollups are built through 12 April (nothing on that day yet), so the import below back-fills a rolled-up day.
    const step = { tx: db, database: t().database, timeZone: 'Asia/Shanghai', progress: () => {} };
    await db.transaction((tx) => analyticsRollupsStep.run({ ...step, tx, asOf: '2024-04-12' })); // as the runner does: one transaction
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-goals-'));
    const header = 'order_id,placed_at,channel,device,customer_id,sku,quantity,unit_price,paid_at';
    // A file with a bad row is rejected whole: nothing is imported and no rule is evaluated.
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, [header, 'BM1,2024-04-12 10:00,tmall,mobile,n1,A,1,1500.00,2024-04-12 10:00', 'BM2,2024-04-12 10:00,tmall,mobile,n2,A,one,1.00,'].join('\n'));
    const before = (await listAlerts(db, 'all')).length;
    await expect(importFile(t(), 'orders-csv', bad)).rejects.toMatchObject({ code: 'import_rejected' });
    expect(await listAlerts(db, 'all')).toHaveLength(before);

    const good = path.join(dir, 'april-12.csv');
    fs.writeFileSync(good, [header, 'BM1,2024-04-12 10:00,tmall,mobile,n1,A,1,1500.00,2024-04-12 10:00', 'BD1,2024-04-12 11:00,tmall,desktop,n2,A,1,50.00,2024-04-12 11:00'].join('\n'));
    const summary = await importFile(t(), 'orders-csv', good);
    // As of 12 April (12 of 30 days): mobile GMV 350000 → 875000 (on track); desktop 105000 → 262500 (off track: critical);
    // mobile conversion still 10 / 200 (no new sessions): on track against 4.2%, at risk against 5.5% (warning); tmall mobile
    // buyers 11 → 27.5 against 30 (≥ 27: warning); mobile AOV 350000 / 11 = 31818 > 20900 (critical). Two rules + four goals.
    expect(summary.alerts).toEqual({ days: ['2024-04-12'], opened: 6 });
    const alerts = (await listAlerts(db)).filter((a) => a.day === '2024-04-12');
    expect(alerts.filter((a) => a.ruleId === fires)).toEqual([expect.objectContaining({ source: 'rule', severity: 'info', title: '手机日 GMV 超 1000', status: 'open',
      evidence: { metric: 'gmv', channel: null, device: 'mobile', from: '2024-04-12', to: '2024-04-13', value: 150_000, op: 'gt', threshold: 100_000 } })]);
    expect(alerts.filter((a) => a.ruleId === quiet)).toEqual([]);
    // The store-wide rule saw the imported 155000: the evaluation after an import reads the facts, and the import
    // moved the rollups' watermark back to 11 April, so the read model serves the day from the facts too.
    expect(alerts.find((a) => a.ruleId === store)!.evidence).toMatchObject({ channel: null, device: null, value: 155_000 });
    const storeRule = { metric: 'gmv' as const, channel: null, condition: { kind: 'threshold' as const, op: 'gt' as const, value: 100_000, windowDays: 1 } };
    expect(await rollupWatermark(db)).toBe('2024-04-11');
    expect((await evaluateRule(db, storeRule, '2024-04-12')).evidence).toMatchObject({ value: 155_000 });
    expect((await evaluateRule(db, storeRule, '2024-04-12', { facts: true })).evidence).toMatchObject({ value: 155_000 });
    expect(alerts.filter((a) => a.source === 'goal').map((a) => [a.goalId, a.severity]).sort()).toEqual([[ids.desktopGmv, 'critical'], [ids.mobileConvHigh, 'warning'], [ids.tmallMobileBuyers, 'warning'], [ids.mobileAov, 'critical']].sort());
    expect(alerts.find((a) => a.goalId === ids.desktopGmv)!.evidence).toMatchObject({ device: 'desktop', actual: 105_000, projected: 262_500, target: 400_000 });
    // Re-importing writes nothing, so evaluates nothing; the nightly step for the day opens nothing twice.
    expect((await importFile(t(), 'orders-csv', good)).alerts).toEqual({ days: [], opened: 0 });
    expect(await alertRulesStep.run({ ...step, asOf: '2024-04-12' })).toEqual({ rows: 0 });
    for (const id of [fires, quiet, store]) await db.execute(sql`update alert_rules set enabled = false where id = ${id}`);
  });

  it('progress, projection and status as of 10 March', async () => {
    const goals = await goalsProgress(t().database.db, '2024-03-10');
    const by = Object.fromEntries(goals.map((g) => [g.name, g]));
    // 1–10 March: GMV 10 × 10000 + (1+2+0+1+2+0+1+2+0+1) × 1000 = 110000; projected 341000.
    expect(by['3月 GMV']).toMatchObject({ actual: 110_000, projected: 341_000, targetValue: 300_000, elapsedDays: 10, totalDays: 31, status: 'on_track', owner: '运营-王' });
    expect(by['3月 GMV 冲刺']!.status).toBe('at_risk');
    expect(by['3月 GMV 挑战']!.status).toBe('off_track');
    expect(by['客单不超']).toMatchObject({ actual: 11_000, projected: 11_000, status: 'at_risk' });
    // Last March had 3 orders (2 tmall + 1 douyin): target 3 × 1.5 = 4.5; 10 orders so far → 31 projected.
    expect(by['订单同比 +50%']).toMatchObject({ targetValue: 4.5, actual: 10, projected: 31, status: 'on_track' });
    expect(by['4月 GMV']).toMatchObject({ elapsedDays: 0, actual: null, status: 'not_started' });
    expect(by['抖音 GMV']).toMatchObject({ channel: 'douyin', actual: 0, projected: 0, status: 'off_track' });
    expect(goals[0]!.method).toMatch(/run-rate/);
  });

  it('the daily step opens an alert for each goal at risk or off track, once', async () => {
    const db = t().database.db;
    const ctx = { tx: db, database: t().database, asOf: '2024-03-10', timeZone: 'Asia/Shanghai', progress: () => {} };
    expect(await alertRulesStep.run(ctx)).toEqual({ rows: 4 });
    const alerts = (await listAlerts(db)).filter((a) => a.day === '2024-03-10');
    expect(alerts.map((a) => [a.goalId, a.severity]).sort()).toEqual([[ids.G2, 'warning'], [ids.G3, 'critical'], [ids.G4, 'warning'], [ids.G7, 'critical']].sort());
    expect(alerts.find((a) => a.goalId === ids.G3)!.evidence).toMatchObject({ metric: 'gmv', target: 400_000, actual: 110_000, projected: 341_000 });
    expect(await alertRulesStep.run(ctx)).toEqual({ rows: 0 }); // idempotent for the day
  });

  it('threshold, change and anomaly rules fire on the spike and not the day before', async () => {
    const db = t().database.db;
    const anomaly = { metric: 'gmv' as const, channel: null, condition: { kind: 'anomaly' as const, historyDays: 14, z: 3.5, direction: 'both' as const } };
    const spike = await evaluateRule(db, anomaly, '2024-03-20');
    // 6–19 March: median 11000, MAD 1000 (see the pure test) → z = 0.6745 × (50000 − 11000) / 1000.
    expect(spike).toEqual({ fired: true, evidence: expect.objectContaining({ value: 50_000, median: 11_000, mad: 1_000, z: 0.6745 * 39, historyValues: 14 }) });
    // 19 March is 11000, the median of 5–18 March: z = 0.
    expect(await evaluateRule(db, anomaly, '2024-03-19')).toMatchObject({ fired: false, evidence: { z: 0 } });
    const threshold = { metric: 'gmv' as const, channel: null, condition: { kind: 'threshold' as const, op: 'gt' as const, value: 40_000, windowDays: 1 } };
    expect((await evaluateRule(db, threshold, '2024-03-20')).fired).toBe(true);
    expect((await evaluateRule(db, threshold, '2024-03-19')).fired).toBe(false);
    // 14–20 March 116000 against 7–13 March 77000: +50.6% > +30%. 13–19 March 77000 against 6–12 March 76000: +1.3%.
    const change = { metric: 'gmv' as const, channel: null, condition: { kind: 'change' as const, op: 'gt' as const, pct: 0.3, windowDays: 7, compare: 'previous' as const } };
    expect(await evaluateRule(db, change, '2024-03-20')).toMatchObject({ fired: true, evidence: { value: 116_000, comparisonValue: 77_000, change: 39_000 / 77_000 } });
    expect(await evaluateRule(db, change, '2024-03-19')).toMatchObject({ fired: false, evidence: { value: 77_000, comparisonValue: 76_000 } });
    // No traffic: conversion is undefined, so a threshold on it does not fire.
    expect((await evaluateRule(db, { metric: 'conversionRate', channel: null, condition: { kind: 'threshold', op: 'lt', value: 0.01, windowDays: 1 } }, '2024-03-20')).fired).toBe(false);

    const rule = await createAlertRule(db, { name: 'GMV 异常', metric: 'gmv', severity: 'critical', condition: { kind: 'anomaly', historyDays: 14 } });
    await alertRulesStep.run({ tx: db, database: t().database, asOf: '2024-03-20', timeZone: 'Asia/Shanghai', progress: () => {} });
    const opened = (await listAlerts(db)).filter((a) => a.ruleId === rule);
    expect(opened).toEqual([expect.objectContaining({ source: 'rule', severity: 'critical', title: 'GMV 异常', day: '2024-03-20', status: 'open', evidence: expect.objectContaining({ value: 50_000 }) })]);
    await alertRulesStep.run({ tx: db, database: t().database, asOf: '2024-03-19', timeZone: 'Asia/Shanghai', progress: () => {} });
    expect((await listAlerts(db)).filter((a) => a.ruleId === rule)).toHaveLength(1);
  });

  it('other modules open alerts with openAlert; the API lists goals, creates rules and acknowledges', async () => {
    const db = t().database.db;
    const first = await openAlert(db, { key: 'inventory:stockout:SKU-1:2024-03-20', source: 'inventory', severity: 'warning', title: 'SKU-1 缺货', evidence: { sku: 'SKU-1' } });
    expect(await openAlert(db, { key: 'inventory:stockout:SKU-1:2024-03-20', source: 'inventory', severity: 'warning', title: 'again', evidence: {} })).toEqual({ id: first.id, created: false });

    const app: FastifyInstance = await buildApp({ platform: t() });
    try {
      const { headers } = await createTestCaller(db, 'analyst');
      const goals = await app.inject({ method: 'GET', url: '/api/analytics/goals?asOf=2024-03-10', headers });
      expect(goals.statusCode).toBe(200);
      expect(goals.json().goals).toEqual(JSON.parse(JSON.stringify(await goalsProgress(db, '2024-03-10'))));
      const bad = await app.inject({ method: 'POST', url: '/api/analytics/goals', headers, payload: { ...MARCH, name: 'x', metric: 'gmv', target: 1, channel: 'nope' } });
      expect(bad.statusCode).toBe(404);
      const rule = await app.inject({ method: 'POST', url: '/api/analytics/alert-rules', headers,
        payload: { name: '转化率低', metric: 'conversionRate', channel: 'tmall', severity: 'warning', condition: { kind: 'threshold', op: 'lt', value: 0.03 } } });
      expect(rule.statusCode).toBe(201);
      const rules = await app.inject({ method: 'GET', url: '/api/analytics/alert-rules', headers });
      expect(rules.json().rules.find((r: { id: number }) => r.id === rule.json().id)).toMatchObject({ channel: 'tmall', condition: { kind: 'threshold', op: 'lt', value: 0.03, windowDays: 1 } });
      const ack = await app.inject({ method: 'POST', url: `/api/analytics/alerts/${first.id}/acknowledge`, headers });
      expect(ack.json()).toMatchObject({ id: first.id, status: 'acknowledged', acknowledgedBy: expect.any(String) });
      const open = await app.inject({ method: 'GET', url: '/api/analytics/alerts', headers });
      expect(open.json().alerts.map((a: { id: number }) => a.id)).not.toContain(first.id);
      const viewer = await createTestCaller(db, 'service_agent');
      expect((await app.inject({ method: 'POST', url: '/api/analytics/goals', headers: viewer.headers, payload: { ...MARCH, name: 'x', metric: 'gmv', target: 1 } })).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});

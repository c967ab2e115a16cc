// Holiday and promotion lifts in the demand-forecast step, on the hand-checkable fixture
// (replenishment/policy-fixture.ts: P1-A sells 70 a week from the central warehouse, weeks Mon–Sun
// ending on AS_OF = Sunday 2026-03-01) with extra sales in a 双11 week and two promotion weeks.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { AS_OF, seedPolicyFixture } from '../replenishment/policy-fixture.js';
import { getForecast } from './forecast-query.service.js';
import { demandForecastStep, loadPeriodEvents } from './demand-forecast.pipeline.js';
import { listForecasts } from './index.js';

const promo = (id: string, start: string, end: string) => JSON.stringify({
  id, name: id, kind: 'percent', rules: [{ percentOff: 10 }], schedule: { start, end }, targeting: { skus: ['P1-A'] },
});

forEachDriver('demand-forecast: holiday and promotion lifts', (t) => {
  it('estimates the lift per event from the history and lifts the future event weeks', async () => {
    const { db } = t().database;
    const ids = await seedPolicyFixture(db);
    // 双11 week 2025-11-10…16: 70 extra units on 11-11 → 140. Promotion weeks 2025-06-02…08 and 09-01…07: 20 extra a day → 210.
    await db.execute(sql`insert into stock_movements (warehouse_id, sku_id, kind, quantity, occurred_at) values
      (${ids.central}, ${ids.sku1}, 'sale', -70, '2025-11-11 04:00:00+00')`);
    await db.execute(sql`insert into stock_movements (warehouse_id, sku_id, kind, quantity, occurred_at)
      select ${ids.central}, ${ids.sku1}, 'sale', -20, d::timestamp + interval '4 hours'
      from generate_series(0, 6) g, lateral (select ('2025-06-02'::date + g) as d union all select ('2025-09-01'::date + g)) x`);
    // Pricing's promotions (read through its index): two past ones and one in the second future week (2026-03-09…15).
    await db.execute(sql`insert into pricing_promotions (code, kind, name, definition, status) values
      ('p-jun', 'percent', 'p-jun', ${promo('p-jun', '2025-06-02 00:00', '2025-06-08 23:59')}::jsonb, 'ended'),
      ('p-sep', 'percent', 'p-sep', ${promo('p-sep', '2025-09-01 00:00', '2025-09-07 23:59')}::jsonb, 'ended'),
      ('p-mar', 'percent', 'p-mar', ${promo('p-mar', '2026-03-09 00:00', '2026-03-15 23:59')}::jsonb, 'active')`);

    const ev = await loadPeriodEvents(db, AS_OF);
    // Future weeks: 03-02…08 holds 元宵 (03-03) and 女王节 (03-08); 03-09…15 the promotion for P1-A only.
    expect(ev.future(ids.sku1).slice(0, 3)).toEqual([['元宵', '女王节'], ['promo:percent'], []]);
    expect(ev.future(ids.sku2).slice(0, 3)).toEqual([['元宵', '女王节'], [], []]);

    const res = await runPipeline(t().database, [demandForecastStep], { asOf: AS_OF });
    expect(res.map((r) => [r.step, r.status, r.rows])).toEqual([['demand-forecast', 'succeeded', 2]]);
    const [summary] = await listForecasts(db, { sku: 'P1-A', limit: 5 });
    const f = await getForecast(db, summary!.id, 'Asia/Shanghai');
    const lift = (e: string) => f.eventLifts.find((l) => l.event === e);
    // By hand: baseline of every event week = mean of the 4 plain weeks before it = 70.
    // 双11: raw 140 / 70 = 2, n = 1 → 1 + 1 · 1/2 = 1.5. promo:percent: raw (210 + 210) / (70 + 70) = 3, n = 2 → 1 + 2 · 2/3 = 7/3.
    expect(lift('双11')).toEqual({ event: '双11', occurrences: 1, raw: 2, lift: 1.5 });
    expect(lift('promo:percent')!.raw).toBeCloseTo(3, 12);
    expect(lift('promo:percent')!.lift).toBeCloseTo(7 / 3, 12);
    // Holidays with ordinary sales (女王节 2025-03-08, 国庆, 中秋 …) come out at lift 1.
    expect(lift('女王节')).toEqual({ event: '女王节', occurrences: 1, raw: 1, lift: 1 });
    // The cleaned history is flat at 70, so the base forecast is 70 and step 2 is lifted by 7/3.
    const [p1, p2, p3] = f.points;
    expect(p1!.baseMean).toBeCloseTo(70, 6);
    expect([p1!.lift, p1!.event]).toEqual([1, '女王节']);
    expect(p2!.periodStart).toBe('2026-03-09');
    expect(p2!.event).toBe('promo:percent');
    expect(p2!.lift).toBeCloseTo(7 / 3, 12);
    expect(p2!.mean).toBeCloseTo(70 * 7 / 3, 6);
    expect(p2!.lo95).toBeLessThanOrEqual(p2!.mean + 1e-9);
    expect(p2!.hi95).toBeGreaterThanOrEqual(p2!.mean - 1e-9);
    expect([p3!.lift, p3!.event, p3!.mean]).toEqual([1, null, p3!.baseMean]);
    // Mean daily demand over the first 4 weeks: (70 + 163.33 + 70 + 70) / 28 = 13.333….
    expect(f.meanDaily).toBeCloseTo((70 * 3 + 70 * 7 / 3) / 28, 6);
  });
});

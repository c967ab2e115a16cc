import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { simulateStore } from '../../ingest/simulator/index.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { kpiDailyStep } from './kpi-daily.pipeline.js';
import { kpiReport } from './kpi-report.js';

const END = '2026-03-31';
const AS_OF = '2026-03-20';

forEachDriver('kpi-daily step', (t) => {
  const snapshot = () => queryRows(t().database.db, sql`select * from kpi_daily order by day, channel_id, device`);

  beforeAll(async () => {
    await simulateStore(t(), { days: 90, customers: 400, seed: 7, endDate: END });
    const [res] = await runPipeline(t().database, [kpiDailyStep], { asOf: AS_OF });
    expect(res).toMatchObject({ step: 'kpi-daily', status: 'succeeded' });
  });

  it('adds up to the KPI report for every additive metric, month by month', async () => {
    const { db } = t().database;
    const report = await kpiReport(db, { from: '2026-01-01', to: '2026-03-21', granularity: 'month' });
    const rolled = await queryRows<Record<string, number | string>>(db, sql`
      select to_char(day, 'YYYY-MM') as period, sum(orders) as orders, sum(gmv) as gmv, sum(paid_amount) as "paidAmount", sum(refunds) as refunds
      from kpi_daily where day >= '2026-01-01' group by 1 order by 1`);
    expect(rolled).toEqual(report.rows.map((r) => ({ period: r.period, orders: r.orders, gmv: r.gmv, paidAmount: r.paidAmount, refunds: r.refunds })));
    expect(report.rows.every((r) => r.orders > 0)).toBe(true);
  });

  it('counts each buyer once as new, on the day, channel and device of their first order', async () => {
    const { db } = t().database;
    const [all] = await kpiReport(db, { from: '2025-12-01', to: '2026-03-21', granularity: 'month' }).then((r) => [r.rows.reduce((s, x) => s + x.newBuyers, 0)]);
    const [rolled] = await queryRows<{ n: number }>(db, sql`select sum(new_buyers) as n from kpi_daily`);
    expect(rolled!.n).toBe(all);
  });

  it('holds visitors, converted visitors and page views from the sessions of each day', async () => {
    const { db } = t().database;
    const [direct] = await queryRows<{ pv: number; conv: number }>(db, sql`
      select sum(page_views) as pv, count(distinct (visitor_id, (started_at at time zone 'Asia/Shanghai')::date, channel_id, device)) filter (where order_id is not null) as conv
      from traffic_sessions where started_at < ('2026-03-21'::timestamp at time zone 'Asia/Shanghai')`);
    const [rolled] = await queryRows<{ pv: number; conv: number }>(db, sql`select sum(page_views) as pv, sum(converted_visitors) as conv from kpi_daily`);
    expect(rolled).toEqual(direct);
  });

  it('stops at the as-of date and replaces rather than adds when run again', async () => {
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((r) => String(r.day) <= AS_OF)).toBe(true);
    await runPipeline(t().database, [kpiDailyStep], { asOf: AS_OF });
    expect(await snapshot()).toEqual(before);
  });
});

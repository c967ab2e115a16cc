import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { importFile } from '../../ingest/index.js';
import { runPipeline } from '../../pipeline/runner.js';
import { forEachDriver } from '../../test-support/db.js';
import { writeCdnowSampleFromMaster } from './cdnow-fixture.js';
import { clvCalibration } from './clv-calibration.js';
import { clvStep } from './clv.pipeline.js';
import { clvFits } from './segments.tables.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-clv-step-'));
const file = writeCdnowSampleFromMaster(dir);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

forEachDriver('clv pipeline step', (t) => {
  it('stores the CDNOW fit and every customer\'s scores, replacing them on a re-run', async () => {
    const { db } = t().database;
    await importFile(t(), 'cdnow', file);
    for (let run = 0; run < 2; run++) {
      const [res] = await runPipeline(t().database, [clvStep], { asOf: '1997-09-30' });
      expect(res).toMatchObject({ step: 'clv', status: 'succeeded', rows: 2357 });
    }
    const fits = await db.select().from(clvFits).where(eq(clvFits.calibrationEnd, '1997-09-30'));
    expect(fits).toHaveLength(1);
    const fit = fits[0]!;
    // Published values (Fader, Hardie & Lee 2005; ../shared/data/README.md section 1), within 0.5%.
    expect(fit).toMatchObject({ unitDays: 7, horizonDays: 365, customers: 2357, repeatCustomers: 946 });
    expect(fit.r).toBeCloseTo(0.243, 2);
    expect(fit.alpha / 4.414).toBeCloseTo(1, 2);
    expect(fit.bgnbdLogLikelihood / -9582.4).toBeCloseTo(1, 3);
    expect(fit.gamma! / 15.44).toBeCloseTo(1, 2);
    // CDNOW has no costs: no margin CLV.
    expect(fit.marginRatio).toBeNull();
    const [c4] = await queryRows<Record<string, unknown>>(db, sql`
      select s.x, round(s.p_alive::numeric, 2) as p_alive, round(s.t_x::numeric, 2) as t_x, round(s.t::numeric, 2) as t, s.churn_risk, s.expected_next_order, s.clv_margin,
        s.clv_gmv = round(s.expected_purchases * s.expected_spend) or abs(s.clv_gmv - s.expected_purchases * s.expected_spend) <= s.expected_spend * 1e-5 + 1 as clv_is_product
      from customer_clv_scores s join customers c on c.id = s.customer_id where s.fit_id = ${fit.id} and c.external_id = '00004'`);
    // P(alive) by eq. (11) of Fader, Hardie & Lee (2005) with the published parameters, by hand:
    // 1 / (1 + 0.793/(2.426+1) · ((4.414+38.86)/(4.414+30.43))^(0.243+2)) = 0.727 → band 'medium' (0.5–0.75).
    expect(c4).toEqual({ x: 2, p_alive: 0.73, t_x: 30.43, t: 38.86, churn_risk: 'medium', expected_next_order: expect.stringMatching(/^199[78]-/), clv_margin: null, clv_is_product: true });
    const [bands] = await queryRows<{ n: number; churned: number }>(db, sql`
      select count(*) as n, count(*) filter (where churn_risk in ('high', 'critical')) as churned from customer_clv_scores where fit_id = ${fit.id}`);
    expect(bands!.n).toBe(2357);
    // Customers without a repeat purchase have P(alive) = 1 in the BG/NBD, so at most the 946 repeat buyers can be churned.
    expect(bands!.churned).toBeGreaterThan(0);
    expect(bands!.churned).toBeLessThanOrEqual(946);
  }, 120_000);

  it('gives calibration plots that add up to the data, and a holdout forecast close to it', async () => {
    const db = t().database.db;
    const cal = await clvCalibration(db, '1997-09-30', '1998-06-30');
    // 2,357 customers, 1,411 of them without a repeat purchase in the calibration (2,357 − 946).
    expect(cal.byFrequency.reduce((s, b) => s + b.customers, 0)).toBe(2357);
    expect(cal.byFrequency[0]).toMatchObject({ x: 0, customers: 1411 });
    // Actual holdout repeat purchase days, counted independently in SQL.
    const [hold] = await queryRows<{ n: number }>(db, sql`
      with d as (select distinct customer_id, (placed_at at time zone 'Asia/Shanghai')::date as day from orders),
      f as (select customer_id, min(day) as first from d group by 1)
      select count(*) as n from d join f using (customer_id) where d.day > '1997-09-30' and d.day <= '1998-06-30' and d.day > f.first`);
    const actualHoldout = cal.byFrequency.reduce((s, b) => s + b.actual * b.customers, 0);
    expect(Math.round(actualHoldout)).toBe(hold!.n);
    // The BG/NBD forecast of the holdout: measured 1,653 predicted against 1,882 actual repeat
    // purchase days (−12%); the 15% bound guards against regressions and is not a published figure.
    const predictedHoldout = cal.byFrequency.reduce((s, b) => s + b.predicted * b.customers, 0);
    expect(Math.abs(predictedHoldout / actualHoldout - 1)).toBeLessThan(0.15);
    // Weekly cumulative over the 78 weeks from 1997-01-01 to 1998-06-30: it ends at every repeat
    // purchase day, the 2,457 of the calibration (shared/data/README.md) and the holdout's.
    expect(cal.cumulative).toHaveLength(78);
    expect(cal.cumulative[77]).toMatchObject({ week: 78, day: '1998-06-30', actual: 2457 + hold!.n });
    expect(cal.cumulative[38]).toMatchObject({ week: 39, day: '1997-09-30', actual: 2457 });
    expect(cal.cumulative.every((c, i) => i === 0 || (c.actual >= cal.cumulative[i - 1]!.actual && c.predicted >= cal.cumulative[i - 1]!.predicted))).toBe(true);
  }, 60_000);
});

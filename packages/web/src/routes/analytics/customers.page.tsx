import { useMemo, useState } from 'react';
import { fetchCohorts, fetchCustomers } from '../../api/analytics.api';
import { useI18n } from '../../i18n/i18n-context';
import { localToday } from '../overview/date-range';
import { Chart } from './chart';
import { PageFrame } from './page-frame';
import { useLoadable } from './use-loadable';

const SPANS = [6, 12] as const;

/** From the first day of the month `months` − 1 before the current one up to today (complete days, like the other pages' presets). */
export function monthsRange(today: string, months: number): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1 - (months - 1);
  const first = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  return { from: first, to: today };
}

/** 客户分析: new vs returning buyers, repurchase trend, orders per customer, and the cohort heat-map. */
export function CustomersPage() {
  const { t, fmt } = useI18n();
  const today = useMemo(() => localToday(new Date()), []);
  const [months, setMonths] = useState<(typeof SPANS)[number]>(6);
  const range = useMemo(() => monthsRange(today, months), [today, months]);
  const state = useLoadable(async (signal) => {
    const [customers, cohorts] = await Promise.all([fetchCustomers({ ...range, granularity: 'month' }, signal), fetchCohorts(range, signal)]);
    return { customers, cohorts };
  }, [range]);
  const tools = (
    <div className="segmented small" role="group" aria-label={t('an.customers.span')}>
      {SPANS.map((n) => <button key={n} type="button" className={n === months ? 'active' : ''} aria-pressed={n === months} data-months={n} onClick={() => setMonths(n)}>{t('an.customers.months', { n })}</button>)}
    </div>
  );
  return (
    <PageFrame title="an.customers.title" testId="customers-page" tools={tools} state={state} empty={(d) => d.customers.totals.buyers === 0 && d.cohorts.cohorts.length === 0}>
      {({ customers, cohorts }) => {
        const trend = customers.trend;
        const trendOption = {
          legend: { top: 0 }, tooltip: { trigger: 'axis' }, grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: trend.map((r) => r.period) },
          yAxis: [{ type: 'value' }, { type: 'value', axisLabel: { formatter: (v: number) => fmt.percent(v, 0) }, splitLine: { show: false } }],
          series: [
            { name: t('an.customers.new'), type: 'bar', stack: 'b', data: trend.map((r) => r.newBuyers) },
            { name: t('an.customers.returning'), type: 'bar', stack: 'b', data: trend.map((r) => r.returningBuyers) },
            { name: t('an.customers.repurchase'), type: 'line', yAxisIndex: 1, data: trend.map((r) => r.repurchaseRate ?? 0) },
          ],
          color: ['#c8102e', '#b8c4d8', '#333'],
        };
        const distOption = {
          tooltip: { trigger: 'axis' }, grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: customers.ordersPerCustomer.map((b) => b.orders) }, yAxis: { type: 'value' },
          series: [{ type: 'bar', data: customers.ordersPerCustomer.map((b) => b.buyers), barMaxWidth: 40 }], color: ['#c8102e'],
        };
        const width = Math.max(0, ...cohorts.cohorts.map((c) => c.retention.length));
        const heat = {
          tooltip: { formatter: (p: { value: [number, number, number] }) => `${cohorts.cohorts[p.value[1]]?.cohort} +${p.value[0]}: ${fmt.percent(p.value[2])}` },
          grid: { left: 8, right: 8, top: 8, bottom: 40, containLabel: true },
          xAxis: { type: 'category', data: Array.from({ length: width }, (_, k) => `+${k}`) },
          yAxis: { type: 'category', inverse: true, data: cohorts.cohorts.map((c) => `${c.cohort} (${fmt.number(c.size)})`) },
          visualMap: { min: 0, max: Math.max(0.01, ...cohorts.cohorts.flatMap((c) => c.retention.slice(1))), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#fff5f6', '#c8102e'] } },
          series: [{ type: 'heatmap', data: cohorts.cohorts.flatMap((c, i) => c.retention.map((r, k) => [k, i, r])), label: { show: true, formatter: (p: { value: [number, number, number] }) => fmt.percent(p.value[2], 0) } }],
        };
        return (
          <>
            <section className="kpi-grid" data-testid="customer-totals">
              {(['buyers', 'newBuyers', 'returningBuyers'] as const).map((k) => (
                <div key={k} className="kpi-card" data-kpi={k}><p className="kpi-label">{t(`an.customers.${k}`)}</p><span className="kpi-value">{fmt.number(customers.totals[k])}</span></div>
              ))}
              <div className="kpi-card" data-kpi="repurchaseRate"><p className="kpi-label">{t('an.customers.repurchase')}</p>
                <span className="kpi-value">{customers.totals.repurchaseRate === null ? '—' : fmt.percent(customers.totals.repurchaseRate)}</span></div>
            </section>
            <div className="two-col">
              <section className="panel"><h2>{t('an.customers.trend')}</h2><Chart option={trendOption} testId="customers-trend" height={260} /></section>
              <section className="panel"><h2>{t('an.customers.distribution')}</h2><Chart option={distOption} testId="orders-distribution" height={260} /></section>
            </div>
            <section className="panel" data-testid="cohorts">
              <h2>{t('an.customers.cohorts')}</h2>
              <Chart option={heat} testId="cohort-heatmap" height={Math.max(200, 32 * cohorts.cohorts.length + 80)} />
              <table className="cohort-table" data-testid="cohort-table">
                <thead><tr><th>{t('an.customers.cohort')}</th><th className="num">{t('an.customers.size')}</th>{Array.from({ length: width }, (_, k) => <th key={k} className="num">+{k}</th>)}</tr></thead>
                <tbody>{cohorts.cohorts.map((c) => (
                  <tr key={c.cohort} data-cohort={c.cohort}><td>{c.cohort}</td><td className="num" data-col="size">{fmt.number(c.size)}</td>
                    {c.retention.map((r, k) => <td key={k} className="num" data-k={k}>{fmt.percent(r)}</td>)}</tr>
                ))}</tbody>
              </table>
            </section>
          </>
        );
      }}
    </PageFrame>
  );
}

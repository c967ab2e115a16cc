import type { KpiGranularity, KpiRow } from '@zhanggui/contracts';
import { lazy, Suspense, useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-context';

const TrendChart = lazy(() => import('./trend-chart'));
const GRANULARITIES: readonly Exclude<KpiGranularity, 'total'>[] = ['day', 'week', 'month'];

interface Props {
  rows: readonly KpiRow[];
  currency: string;
  granularity: KpiGranularity;
  onGranularity(g: KpiGranularity): void;
}

/** GMV (line) and orders (bars) per day, ISO week or month. */
export function TrendPanel({ rows, currency, granularity, onGranularity }: Props) {
  const { t, fmt } = useI18n();
  const categories = useMemo(() => rows.map((r) => (granularity === 'month' ? r.period : fmt.date(r.period))), [rows, granularity, fmt]);
  const series = useMemo(() => [
    { name: t('kpi.gmv'), kind: 'line' as const, values: rows.map((r) => r.gmv), format: (v: number) => fmt.money(v, currency) },
    { name: t('kpi.orders'), kind: 'bar' as const, values: rows.map((r) => r.orders), format: (v: number) => fmt.number(v) },
  ], [rows, currency, t, fmt]);

  return (
    <section className="panel" data-testid="trend-panel">
      <div className="panel-head">
        <h2>{t('overview.trend')}</h2>
        <div className="segmented" role="group">
          {GRANULARITIES.map((g) => (
            <button key={g} type="button" className={g === granularity ? 'active' : ''} aria-pressed={g === granularity} data-granularity={g}
              onClick={() => onGranularity(g)}>{t(`granularity.${g}`)}</button>
          ))}
        </div>
      </div>
      <Suspense fallback={<div className="trend-chart page-state">{t('state.loading')}</div>}>
        <TrendChart categories={categories} series={series} />
      </Suspense>
    </section>
  );
}

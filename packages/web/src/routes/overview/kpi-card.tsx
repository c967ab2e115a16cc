import { useI18n } from '../../i18n/i18n-context';
import type { MetricDef } from './kpi-metrics';
import { Sparkline } from './sparkline';

interface Props {
  metric: MetricDef;
  value: number | null;
  change: number | null;
  series: readonly number[];
  currency: string;
}

/** One KPI: its value for the range, the change against the previous period, and its daily line. */
export function KpiCard({ metric, value, change, series, currency }: Props) {
  const { t, fmt } = useI18n();
  const format = (v: number) => (metric.kind === 'money' ? fmt.money(v, currency) : metric.kind === 'rate' ? fmt.percent(v) : fmt.number(v));
  const good = change === null || change === 0 ? '' : (change > 0) !== Boolean(metric.lowerIsBetter) ? 'up' : 'down';
  // A rate's change is a difference in percentage points, the rest relative changes.
  const changeText = change === null ? '—'
    : metric.kind === 'rate' ? t('overview.pointChange', { value: `${change > 0 ? '+' : ''}${fmt.number(Math.round(change * 1000) / 10)}` }) : fmt.change(change);
  return (
    <article className="kpi-card" data-testid={`kpi-${metric.key}`}>
      <h3 className="kpi-label">{t(metric.label)}</h3>
      <div className="kpi-value" data-testid="kpi-value" title={value === null ? t('overview.needsSinglePeriod') : undefined}>
        {value === null ? '—' : format(value)}
      </div>
      <div className={`kpi-change ${good}`} data-testid="kpi-change" title={change === null ? t('overview.noCompare') : undefined}>
        <span className="kpi-change-label">{t('overview.vsPrevious')}</span> {changeText}
      </div>
      <Sparkline values={series} label={t(metric.label)} />
    </article>
  );
}

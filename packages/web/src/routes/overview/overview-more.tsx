import type { OverviewTotals } from '@zhanggui/contracts';
import { fetchOverview } from '../../api/analytics.api';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { formatMetric, type Kind } from '../analytics/metric-format';
import { useLoadable } from '../analytics/use-loadable';
import type { CompareMode, DateRange } from './date-range';
import { Sparkline } from './sparkline';

const MORE: { key: keyof OverviewTotals; label: MessageKey; kind: Kind; lowerIsBetter?: boolean }[] = [
  { key: 'conversionRate', label: 'an.metric.conversionRate', kind: 'rate' },
  { key: 'refundRate', label: 'an.metric.refundRate', kind: 'rate', lowerIsBetter: true },
  { key: 'grossMargin', label: 'an.metric.grossMargin', kind: 'money' },
  { key: 'roi', label: 'an.metric.roi', kind: 'ratio' },
  { key: 'visitors', label: 'an.metric.visitors', kind: 'count' },
  { key: 'spend', label: 'an.metric.spend', kind: 'money' },
];

/**
 * The overview figures beyond the KPI report — conversion, refund rate, gross margin, ROI,
 * visitors, spend — against the comparison period with their daily line (the response's `daily`,
 * a day without a value drawn as 0), and the split by channel and device (GET /api/analytics/overview).
 */
export function OverviewMore({ range, compare }: { range: DateRange; compare: CompareMode }) {
  const { t, fmt } = useI18n();
  const state = useLoadable((signal) => fetchOverview({ ...range, compare }, signal), [range, compare]);
  if (state.status !== 'ready') return null;
  const { current, previous, currency, byChannel, byDevice, daily } = state.data;
  const change = (kind: Kind, now: number | null, before: number | null) => {
    if (now === null || before === null) return '—';
    if (kind === 'rate') return t('overview.pointChange', { value: `${now - before > 0 ? '+' : ''}${fmt.number(Math.round((now - before) * 1000) / 10)}` });
    return before === 0 ? '—' : fmt.change((now - before) / Math.abs(before));
  };
  return (
    <>
      <section className="kpi-grid" data-testid="overview-more">
        {MORE.map((m) => (
          <div key={m.key} className="kpi-card" data-kpi={m.key}>
            <p className="kpi-label">{t(m.label)}</p>
            <span className="kpi-value" data-testid={`more-${m.key}`}>{formatMetric(fmt, m.kind, current[m.key], currency)}</span>
            <span className="kpi-change">{change(m.kind, current[m.key], previous ? previous[m.key] : null)}</span>
            <Sparkline values={daily.map((d) => d[m.key] ?? 0)} label={t(m.label)} />
          </div>
        ))}
      </section>
      <div className="two-col">
        {([['overview.byChannel', byChannel, 'split-channel'], ['overview.byDevice', byDevice, 'split-device']] as const).map(([label, rows, id]) => (
          <section key={id} className="panel" data-testid={id}>
            <h2>{t(label)}</h2>
            <table className="split-table">
              <thead><tr><th /><th className="num">{t('an.metric.orders')}</th><th className="num">{t('an.metric.gmv')}</th><th className="num">{t('an.metric.visitors')}</th><th className="num">{t('an.metric.conversionRate')}</th></tr></thead>
              <tbody>{rows.map((r) => (
                <tr key={r.key} data-key={r.key}><td>{r.name}</td><td className="num">{fmt.number(r.orders)}</td><td className="num" data-col="gmv">{fmt.money(r.gmv, currency)}</td>
                  <td className="num">{fmt.number(r.visitors)}</td><td className="num">{r.conversionRate === null ? '—' : fmt.percent(r.conversionRate)}</td></tr>
              ))}</tbody>
            </table>
          </section>
        ))}
      </div>
    </>
  );
}

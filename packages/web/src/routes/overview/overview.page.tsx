import type { KpiGranularity } from '@zhanggui/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { DateRangePicker } from './date-range-picker';
import { daysOf, localToday, presetRange, type CompareMode, type DateRange, type RangePreset } from './date-range';
import { KpiCard } from './kpi-card';
import { changeOf, METRICS, seriesOf, totalsOf } from './kpi-metrics';
import { OverviewMore } from './overview-more';
import { TrendPanel } from './trend-panel';
import { useOverviewData } from './use-overview-data';

const DEFAULT_PRESET = 'last30';

/** 经营概况: the range's KPIs against the previous period, with sparklines and a trend chart. */
export function OverviewPage() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const errorText = useErrorText();
  const today = useMemo(() => localToday(new Date()), []);
  const rangeOf = useCallback((p: Exclude<RangePreset, 'custom'>) => presetRange(p, today), [today]);
  const [preset, setPreset] = useState<RangePreset>(DEFAULT_PRESET);
  const [range, setRange] = useState<DateRange>(() => rangeOf(DEFAULT_PRESET));
  const [granularity, setGranularity] = useState<KpiGranularity>('day');
  const [reloadKey, setReloadKey] = useState(0);
  const [compare, setCompare] = useState<CompareMode>('previous');
  const state = useOverviewData(preset, range, granularity, reloadKey, compare);

  // An expired session ends on the sign-in page rather than as an error on this one.
  useEffect(() => {
    if (state.status === 'error' && state.error.status === 401) void refresh();
  }, [state, refresh]);

  const view = useMemo(() => {
    if (state.status !== 'ready') return null;
    const { current, previous, daily } = state.data;
    // Sparklines show every day of the range, zero where the report has no row.
    const byDay = new Map(daily.map((r) => [r.period, r]));
    const days = daysOf(range).map((d) => byDay.get(d)).filter((r) => r !== undefined);
    return { now: totalsOf(current), before: totalsOf(previous), days, empty: current.every((r) => r.orders === 0) };
  }, [state, range]);

  return (
    <div className="overview" data-testid="overview">
      <div className="page-head">
        <h1>{t('overview.title')}</h1>
        <DateRangePicker preset={preset} range={range} presetRange={rangeOf} compare={compare} onCompare={setCompare}
          onChange={(p, r) => { setPreset(p); setRange(r); }} />
      </div>
      {state.status === 'loading' && <div className="page-state" data-testid="loading">{t('state.loading')}</div>}
      {state.status === 'error' && (
        <div className="page-state error" role="alert" data-testid="error">
          {t('error.generic', { message: errorText(state.error) })}
          <button type="button" onClick={() => setReloadKey((k) => k + 1)}>{t('state.retry')}</button>
        </div>
      )}
      {state.status === 'ready' && view && view.empty && <div className="page-state" data-testid="empty">{t('state.empty')}</div>}
      {state.status === 'ready' && view && !view.empty && (
        <>
          <section aria-label={t('overview.kpis')} className="kpi-grid" data-testid="kpi-grid">
            {METRICS.map((m) => (
              <KpiCard key={m.key} metric={m} value={view.now[m.key]} currency={state.data.currency}
                change={changeOf(m.kind, view.now[m.key], view.before[m.key])} series={seriesOf(view.days, m.key)} />
            ))}
          </section>
          <OverviewMore range={range} compare={compare} />
          <TrendPanel rows={state.data.trend} currency={state.data.currency} granularity={granularity} onGranularity={setGranularity} />
        </>
      )}
    </div>
  );
}

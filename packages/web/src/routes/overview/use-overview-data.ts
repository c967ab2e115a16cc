import type { KpiGranularity, KpiReport } from '@zhanggui/contracts';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { fetchKpis } from '../../api/analytics.api';
import { comparisonPeriod, type CompareMode, type DateRange, type RangePreset } from './date-range';

export interface OverviewData {
  currency: string;
  /** The range as one row (granularity `total`), so distinct counts are exact over any span. */
  current: KpiReport['rows'];
  previous: KpiReport['rows'];
  daily: KpiReport['rows'];
  trend: KpiReport['rows'];
}

export type Loadable<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

/** Everything the overview shows, from GET /api/analytics/kpis for the range and the period before it. */
export function useOverviewData(preset: RangePreset, range: DateRange, granularity: KpiGranularity, reloadKey: number, compare: CompareMode = 'previous'): Loadable<OverviewData> {
  const [state, setState] = useState<Loadable<OverviewData>>({ status: 'loading' });
  useEffect(() => {
    const ctl = new AbortController();
    const prev = comparisonPeriod(preset, range, compare);
    setState({ status: 'loading' });
    const get = (r: DateRange, g: KpiGranularity) => fetchKpis({ ...r, granularity: g }, ctl.signal);
    Promise.all([
      get(range, 'total'), get(prev, 'total'), get(range, 'day'),
      granularity === 'day' ? null : get(range, granularity),
    ]).then(([current, previous, daily, trend]) => {
      setState({ status: 'ready', data: { currency: daily.currency, current: current.rows, previous: previous.rows, daily: daily.rows, trend: (trend ?? daily).rows } });
    }, (e: unknown) => {
      if (ctl.signal.aborted) return;
      setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)) });
    });
    return () => ctl.abort();
    }, [preset, range, granularity, reloadKey, compare]);
  return state;
}

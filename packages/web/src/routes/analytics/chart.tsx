import { lazy, Suspense } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../../i18n/i18n-context';

const EChart = lazy(() => import('./echart'));

export function Chart(props: { option: EChartsCoreOption; testId: string; height?: number }) {
  const { t } = useI18n();
  return <Suspense fallback={<div className="page-state">{t('state.loading')}</div>}><EChart {...props} /></Suspense>;
}

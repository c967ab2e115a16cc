import { useMemo } from 'react';
import EChart from '../analytics/echart';

export interface TrendSeries {
  name: string;
  values: readonly number[];
  kind: 'line' | 'bar';
  format(v: number): string;
}

/** The trend chart: GMV and orders on two axes, drawn by the console's one ECharts set-up (loaded on demand). */
export default function TrendChart({ categories, series }: { categories: readonly string[]; series: readonly TrendSeries[] }) {
  const option = useMemo(() => ({
    color: ['#c8102e', '#b8c4d8'],
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const items = params as { axisValueLabel: string; seriesIndex: number; value: number; marker: string }[];
        const head = items[0]?.axisValueLabel ?? '';
        return [head, ...items.map((p) => `${p.marker} ${series[p.seriesIndex]?.name ?? ''}: ${series[p.seriesIndex]?.format(p.value) ?? p.value}`)].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: [...categories] },
    yAxis: series.map((s, i) => ({ type: 'value', position: i === 0 ? 'left' : 'right', splitLine: { show: i === 0 }, axisLabel: { formatter: (v: number) => s.format(v) } })),
    series: series.map((s, i) => ({ name: s.name, type: s.kind, data: [...s.values], yAxisIndex: i, smooth: false, showSymbol: false, barMaxWidth: 24 })),
  }), [categories, series]);
  return <EChart option={option} testId="trend-chart" height={320} />;
}

import { useEffect, useRef } from 'react';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the pieces this chart uses, so the lazily loaded chunk stays a fraction of all of ECharts.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TrendSeries {
  name: string;
  values: readonly number[];
  kind: 'line' | 'bar';
  format(v: number): string;
}

/** The trend chart (loaded on demand: ECharts is the heaviest part of the console). */
export default function TrendChart({ categories, series }: { categories: readonly string[]; series: readonly TrendSeries[] }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el.current!);
    return () => { resize.disconnect(); c.dispose(); chart.current = null; };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
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
      xAxis: { type: 'category', data: categories },
      yAxis: series.map((s, i) => ({ type: 'value', position: i === 0 ? 'left' : 'right', splitLine: { show: i === 0 }, axisLabel: { formatter: (v: number) => s.format(v) } })),
      series: series.map((s, i) => ({ name: s.name, type: s.kind, data: [...s.values], yAxisIndex: i, smooth: false, showSymbol: false, barMaxWidth: 24 })),
    }, true);
  }, [categories, series]);

  return <div ref={el} className="trend-chart" data-testid="trend-chart" />;
}

import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface CalibrationChartProps {
  categories: readonly string[];
  actual: readonly number[];
  predicted: readonly number[];
  kind: 'bar' | 'line';
  labels: { actual: string; predicted: string };
}

/** Actual vs predicted (calibration plots of the CLV page; loaded on demand with ECharts). */
export default function CalibrationChart({ categories, actual, predicted, kind, labels }: CalibrationChartProps) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    c.setOption({
      animation: false,
      color: ['#c8102e', '#5470c6'],
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: [...categories] },
      yAxis: { type: 'value' },
      series: [
        { name: labels.actual, type: kind, data: actual.map((v) => Math.round(v * 100) / 100) },
        { name: labels.predicted, type: kind, data: predicted.map((v) => Math.round(v * 100) / 100), ...(kind === 'line' ? { lineStyle: { type: 'dashed' } } : {}) },
      ],
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el.current!);
    return () => { resize.disconnect(); c.dispose(); };
  }, [categories, actual, predicted, kind, labels]);
  return <div ref={el} className="calibration-chart" data-testid={`calibration-${kind}`} style={{ width: '100%', height: 300 }} />;
}

/**
 * A tiny SVG line of a series; plain SVG keeps ECharts out of the first screen's bundle. The
 * values it draws are in `data-values` (checked against the API by the browser test).
 */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 120;
  const h = 32;
  const data = values.join(',');
  if (values.length < 2) return <svg className="sparkline" width={w} height={h} role="img" aria-label={label} data-testid="sparkline" data-values={data} />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values.map((v, i) => `${((i / (values.length - 1)) * w).toFixed(1)},${(h - 2 - ((v - min) / span) * (h - 4)).toFixed(1)}`);
  return (
    <svg className="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} data-testid="sparkline" data-values={data}>
      <polyline points={points.join(' ')} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

import { useState } from 'react';
import { fetchForecast, fetchForecastAccuracy, fetchForecasts, type ForecastDetail } from '../../api/replenishment.api';
import { useI18n } from '../../i18n/i18n-context';
import { Frame } from './frame';
import { fmt, useData } from './use-data';

/** 需求预测: every SKU × warehouse forecast with its model and backtest accuracy; one opened with history, path and intervals. */
export function ForecastPage() {
  const { t } = useI18n();
  const [list] = useData((s) => fetchForecasts({}, s));
  const [accuracy] = useData((s) => fetchForecastAccuracy(s));
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <Frame title="fc.title" testId="forecasts" state={list} empty={(d) => d.length === 0}>
      {(rows) => (
        <>
          {accuracy.status === 'ready' && (
            <p data-testid="forecast-overall">{t('fc.overall', {
              n: String(accuracy.data.backtested), smape: fmt(accuracy.data.smape), mase: fmt(accuracy.data.mase), wape: fmt(accuracy.data.wape), bias: fmt(accuracy.data.bias),
            })}</p>
          )}
          {selected !== null && <ForecastView id={selected} />}
          <table data-testid="forecast-list">
            <thead><tr><th>{t('rep.sku')}</th><th>{t('rep.warehouse')}</th><th>{t('rep.model')}</th><th>{t('rep.demandClass')}</th><th className="num">{t('rep.meanDaily')}</th><th className="num">{t('rep.wape')}</th><th /></tr></thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.id} data-testid="forecast-row" data-sku={f.skuCode} className={selected === f.id ? 'selected' : ''}>
                  <td>{f.skuCode} {f.skuName}</td><td>{f.warehouseCode ?? t('rep.allWarehouses')}</td><td>{f.model}</td><td>{f.demandClass}</td>
                  <td className="num">{fmt(f.meanDaily)}</td><td className="num">{fmt(f.backtestWape)}</td>
                  <td><button type="button" data-testid="forecast-open" onClick={() => setSelected(f.id)}>{t('rep.view')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Frame>
  );
}

function ForecastView({ id }: { id: number }) {
  const { t } = useI18n();
  const [state] = useData((s) => fetchForecast(id, s), [id]);
  if (state.status !== 'ready') return <div className="page-state">{state.status === 'loading' ? t('state.loading') : state.error.message}</div>;
  const f = state.data;
  return (
    <div data-testid="forecast-detail">
      <h2>{f.skuCode} · {f.warehouseCode ?? t('rep.allWarehouses')}</h2>
      <p data-testid="forecast-model">{t('fc.chosen', { model: f.model, method: f.method, by: f.selectedBy })}</p>
      <p data-testid="forecast-accuracy">{t('fc.backtest', { smape: fmt(f.backtestSmape), mase: fmt(f.backtestMase), wape: fmt(f.backtestWape), bias: fmt(f.backtestBias) })}</p>
      <p data-testid="forecast-lifts">
        {f.eventLifts.length === 0 ? t('fc.noLifts') : t('fc.lifts') + f.eventLifts.map((l) => `${l.event} ×${fmt(l.lift, 2)} (n=${l.occurrences})`).join(' · ')}
      </p>
      <Chart f={f} />
      <table data-testid="forecast-points">
        <thead><tr><th>{t('fc.step')}</th><th>{t('fc.periodStart')}</th><th className="num">{t('fc.base')}</th><th>{t('fc.uplift')}</th><th className="num">{t('fc.forecast')}</th><th className="num">{t('fc.interval80')}</th><th className="num">{t('fc.interval95')}</th></tr></thead>
        <tbody>
          {f.points.map((p) => (
            <tr key={p.step} data-testid="forecast-point">
              <td>{p.step}</td><td>{p.periodStart}</td><td className="num">{fmt(p.baseMean, 1)}</td>
              <td data-testid="forecast-uplift">{p.event === null || p.lift === 1 ? '' : `${p.event} ×${fmt(p.lift, 2)}`}</td><td className="num">{fmt(p.mean, 1)}</td>
              <td className="num">{fmt(p.lo80, 1)} – {fmt(p.hi80, 1)}</td><td className="num">{fmt(p.lo95, 1)} – {fmt(p.hi95, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** History (grey), forecast (blue) and the 95% band on plain SVG. */
function Chart({ f }: { f: ForecastDetail }) {
  const { t } = useI18n();
  const W = 640;
  const H = 200;
  const n = f.history.length + f.points.length;
  const top = Math.max(1, ...f.history.map((h) => h.units), ...f.points.map((p) => p.hi95));
  const x = (i: number) => (i / Math.max(1, n - 1)) * (W - 20) + 10;
  const y = (v: number) => H - 10 - (v / top) * (H - 20);
  const h0 = f.history.length;
  const band = [...f.points.map((p, i) => `${x(h0 + i)},${y(p.hi95)}`), ...[...f.points].reverse().map((p, i) => `${x(h0 + f.points.length - 1 - i)},${y(p.lo95)}`)].join(' ');
  return (
    <svg data-testid="forecast-chart" role="img" aria-label={t('fc.chart')} viewBox={`0 0 ${W} ${H}`} width={W} height={H} style={{ background: '#f7f8fa' }}>
      <polygon points={band} fill="#c9dcff" />
      <polyline fill="none" stroke="#888" strokeWidth={1.5} points={f.history.map((h, i) => `${x(i)},${y(h.units)}`).join(' ')} />
      <polyline fill="none" stroke="#1f5fd6" strokeWidth={2} points={f.points.map((p, i) => `${x(h0 + i)},${y(p.mean)}`).join(' ')} />
    </svg>
  );
}

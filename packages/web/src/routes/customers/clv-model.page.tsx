import { lazy, Suspense, useMemo, useState } from 'react';
import { fetchClvCalibration, fetchClvFit } from '../../api/customers-intel.api';
import { useI18n } from '../../i18n/i18n-context';
import { StateView } from './customers.page';
import { useLoad } from './use-load';

const CalibrationChart = lazy(() => import('./calibration-chart'));

const shiftDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** 客户价值模型: the latest BG/NBD + Gamma-Gamma fit, and calibration plots against a holdout. */
export function ClvModelPage() {
  const { t, fmt } = useI18n();
  const [fit] = useLoad((s) => fetchClvFit(s), []);
  return (
    <div className="clv-model" data-testid="clv-model">
      <div className="page-head"><h1>{t('clv.title')}</h1></div>
      <StateView state={fit}>
        {(f) => (f === null ? <p data-testid="clv-no-fit">{t('clv.noFit')}</p> : (
          <>
            <section>
              <h2>{t('clv.fit')} · {f.calibrationEnd}</h2>
              <table data-testid="clv-params">
                <thead><tr><th>{t('clv.param')}</th><th>{t('clv.value')}</th></tr></thead>
                <tbody>
                  {Object.entries(f.bgnbd).map(([k, v]) => <tr key={k}><td>BG/NBD {k}</td><td>{v.toFixed(4)}</td></tr>)}
                  {f.gammaGamma && Object.entries(f.gammaGamma).map(([k, v]) => <tr key={k}><td>Gamma-Gamma {k}</td><td>{v.toFixed(4)}</td></tr>)}
                  <tr><td>{t('clv.customers')}</td><td>{fmt.number(f.customers)}</td></tr>
                  <tr><td>{t('clv.repeat')}</td><td>{fmt.number(f.repeatCustomers)}</td></tr>
                  <tr><td>{t('clv.total')}</td><td>{fmt.money(f.totalClv, 'CNY')}</td></tr>
                  {f.churnBands.map((b) => <tr key={b.band}><td>{t('c360.churnRisk')} {b.band}</td><td>{fmt.number(b.customers)}</td></tr>)}
                </tbody>
              </table>
            </section>
            <Calibration defaultEnd={f.calibrationEnd} />
          </>
        ))}
      </StateView>
    </div>
  );
}

function Calibration({ defaultEnd }: { defaultEnd: string }) {
  const { t } = useI18n();
  const [calEnd, setCalEnd] = useState(shiftDays(defaultEnd, -91));
  const [holdEnd, setHoldEnd] = useState(defaultEnd);
  const [query, setQuery] = useState({ calibrationEnd: calEnd, holdoutEnd: holdEnd });
  const [cal] = useLoad((s) => fetchClvCalibration(query, s), [query.calibrationEnd, query.holdoutEnd]);
  const labels = useMemo(() => ({ actual: t('clv.actual'), predicted: t('clv.predicted') }), [t]);
  return (
    <section data-testid="clv-calibration">
      <h2>{t('clv.calibration')}</h2>
      <label>{t('clv.calEnd')} <input type="date" value={calEnd} onChange={(e) => setCalEnd(e.target.value)} /></label>{' '}
      <label>{t('clv.holdEnd')} <input type="date" value={holdEnd} onChange={(e) => setHoldEnd(e.target.value)} /></label>{' '}
      <button type="button" onClick={() => setQuery({ calibrationEnd: calEnd, holdoutEnd: holdEnd })}>{t('clv.run')}</button>
      <StateView state={cal}>
        {(c) => (
          <Suspense fallback={<div className="page-state">{t('state.loading')}</div>}>
            <h3>{t('clv.byFrequency')}</h3>
            <CalibrationChart kind="bar" labels={labels} categories={c.byFrequency.map((b) => (b.x === 7 ? '7+' : String(b.x)))}
              actual={c.byFrequency.map((b) => b.actual)} predicted={c.byFrequency.map((b) => b.predicted)} />
            <h3>{t('clv.cumulative')}</h3>
            <CalibrationChart kind="line" labels={labels} categories={c.cumulative.map((w) => String(w.week))}
              actual={c.cumulative.map((w) => w.actual)} predicted={c.cumulative.map((w) => w.predicted)} />
          </Suspense>
        )}
      </StateView>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { createRisk, fetchHeatMap, fetchRisks } from '../../api/service-desk.api';
import { useI18n } from '../../i18n/i18n-context';
import { PageFrame } from '../analytics/page-frame';
import { useLoadable } from '../analytics/use-loadable';
import '../service/service.css';

/** 风险矩阵: the 5 × 5 heat map, the register by score, and a form to add a risk. */
export function RiskPage() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const state = useLoadable(async (signal) => {
    const [map, risks] = await Promise.all([fetchHeatMap(signal), fetchRisks(signal)]);
    return { map, risks };
  }, [reload]);
  return (
    <PageFrame title="risk.title" testId="risk-page" state={state}>
      {(data) => (
        <>
          <section className="panel">
            <h2>{t('risk.heatMap')}</h2>
            <div className="heat-grid" data-testid="heat-map">
              {data.map.map((row) => [
                <div key={`l${row[0]!.likelihood}`} className="heat-axis">{t('risk.likelihood')} {row[0]!.likelihood}</div>,
                ...row.map((c) => (
                  <div key={`${c.likelihood}-${c.impact}`} className={`heat-cell heat-${c.level}`} data-cell={`${c.likelihood}-${c.impact}`} data-count={c.count} title={`${c.score} · ${t(`risk.level.${c.level}`)}`}>
                    {c.count || ''}
                  </div>
                )),
              ])}
              <div />
              {[1, 2, 3, 4, 5].map((i) => <div key={`i${i}`} className="heat-axis">{t('risk.impact')} {i}</div>)}
            </div>
          </section>
          <NewRisk onCreated={() => setReload((k) => k + 1)} />
          <section className="panel">
            <h2>{t('risk.register')}</h2>
            <table className="svc-table" data-testid="risk-register">
              <thead><tr><th>{t('risk.riskTitle')}</th><th>{t('risk.category')}</th><th>{t('risk.score')}</th><th>{t('risk.level')}</th><th>{t('risk.controls')}</th></tr></thead>
              <tbody>{data.risks.map((r) => (
                <tr key={r.id} data-risk={r.id}><td>{r.title}</td><td>{r.category}</td><td>{r.likelihood}×{r.impact}={r.score}</td><td>{t(`risk.level.${r.level}`)}</td><td>{r.controls}</td></tr>))}</tbody>
            </table>
          </section>
        </>
      )}
    </PageFrame>
  );
}

function NewRisk({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState('supply');
  const [likelihood, setLikelihood] = useState(3);
  const [impact, setImpact] = useState(3);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await createRisk({ title, category, likelihood, impact });
    setTitle('');
    onCreated();
  };
  return (
    <section className="panel">
      <form className="svc-form" data-testid="new-risk" onSubmit={(e) => void submit(e)}>
        <h2>{t('risk.new')}</h2>
        <label>{t('risk.riskTitle')}<input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required /></label>
        <label>{t('risk.category')}<select name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
          {['market', 'supply', 'compliance', 'security', 'operations'].map((c) => <option key={c} value={c}>{c}</option>)}</select></label>
        <label>{t('risk.likelihood')}<input name="likelihood" type="number" min={1} max={5} value={likelihood} onChange={(e) => setLikelihood(Number(e.target.value))} /></label>
        <label>{t('risk.impact')}<input name="impact" type="number" min={1} max={5} value={impact} onChange={(e) => setImpact(Number(e.target.value))} /></label>
        <button type="submit">{t('risk.add')}</button>
      </form>
    </section>
  );
}

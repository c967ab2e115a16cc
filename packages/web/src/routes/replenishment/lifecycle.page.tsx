import { useState } from 'react';
import { fetchCandidates, fetchLifecycle, importCandidates, saveWeights } from '../../api/replenishment.api';
import { useI18n } from '../../i18n/i18n-context';
import { Frame } from './frame';
import { fmt, useData } from './use-data';

const STAGES = ['intro', 'growth', 'maturity', 'decline'] as const;

/** 商品生命周期: SKUs by stage with the suggested actions, candidate products with selection scores and editable weights. */
export function LifecyclePage() {
  const { t } = useI18n();
  const [board, reloadBoard] = useData((s) => fetchLifecycle(s));
  const [cands, reloadCands] = useData((s) => fetchCandidates(s));
  const [weights, setWeights] = useState<Record<string, string>>({});
  const [csv, setCsv] = useState('');
  const [note, setNote] = useState('');
  return (
    <Frame title="lc.title" testId="lifecycle" state={board}>
      {(b) => (
        <>
          <div className="board" data-testid="lifecycle-board">
            {STAGES.map((stage) => {
              const rows = b.rows.filter((r) => r.stage === stage);
              return (
                <section key={stage} data-testid={`stage-${stage}`}>
                  <h3>{rows[0]?.stageLabel ?? stage} ({rows.length})</h3>
                  {rows[0] && <ul>{rows[0].actions.map((a) => <li key={a}>{a}</li>)}</ul>}
                  {rows.slice(0, 30).map((r) => (
                    <div key={r.skuId} className="card" data-testid="lifecycle-card">
                      <b>{r.skuCode}</b> {r.skuName}<br />
                      {t('lc.velocity')} {fmt(r.velocity, 1)} · {t('lc.change')} {r.change === null ? '—' : `${(r.change * 100).toFixed(0)}%`} · {t('lc.score')} {fmt(r.score, 0)}
                      {r.since && <> · {t('lc.since')} {r.since}</>}
                    </div>
                  ))}
                </section>
              );
            })}
          </div>
          <h2>{t('lc.weights')}</h2>
          <div data-testid="weights">
            {Object.entries(b.weights).map(([k, v]) => (
              <label key={k} style={{ marginRight: 12 }}>{k} <input className="qty" type="number" step="0.05" min={0} value={weights[k] ?? String(v)} onChange={(e) => setWeights({ ...weights, [k]: e.target.value })} /></label>
            ))}
            <button type="button" onClick={async () => { await saveWeights(Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Number(v)]))); reloadBoard(); reloadCands(); }}>{t('lc.saveWeights')}</button>
          </div>
          <h2>{t('lc.candidates')}</h2>
          {cands.status === 'ready' && (
            <table data-testid="candidates">
              <thead><tr><th>{t('lc.name')}</th><th className="num">{t('lc.score')}</th></tr></thead>
              <tbody>{cands.data.rows.map((c) => <tr key={c.id}><td>{c.name}</td><td className="num">{fmt(c.score, 1)}</td></tr>)}</tbody>
            </table>
          )}
          <textarea rows={4} cols={80} value={csv} placeholder="name,category,price,unit_cost,demand_trend,return_rate,rating,supply_reliability,competition" onChange={(e) => setCsv(e.target.value)} />
          <br />
          <button type="button" onClick={async () => {
            try { const r = await importCandidates(csv); setNote(t('lc.imported', { n: String(r.saved) })); reloadCands(); } catch (e) { setNote(e instanceof Error ? e.message : String(e)); }
          }}>{t('lc.importCsv')}</button> <span>{note}</span>
        </>
      )}
    </Frame>
  );
}

import { useState } from 'react';
import { fetchIncidents, incidentAction, runDrill, type DrillResult } from '../../api/service-desk.api';
import { useI18n } from '../../i18n/i18n-context';
import { PageFrame } from '../analytics/page-frame';
import { useLoadable } from '../analytics/use-loadable';
import '../service/service.css';

/** 应急响应: incidents with their level, owner and timeline; acknowledge, resolve, and run a drill. */
export function IncidentsPage() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const [drill, setDrill] = useState<DrillResult | null>(null);
  const state = useLoadable((signal) => fetchIncidents(signal), [reload]);
  const act = (id: number, action: 'acknowledge' | 'resolve') =>
    void incidentAction(id, action, action === 'resolve' ? { summary: 'resolved from the console' } : {}).then(() => setReload((k) => k + 1));
  return (
    <PageFrame title="inc.title" testId="incidents-page" state={state}
      tools={<button type="button" data-testid="run-drill" onClick={() => void runDrill().then((r) => { setDrill(r); setReload((k) => k + 1); })}>{t('inc.runDrill')}</button>}>
      {(data) => (
        <>
          {drill && (
            <p className={`page-state ${drill.passed ? '' : 'error'}`} data-testid="drill-result" data-passed={drill.passed}>
              {drill.passed ? t('inc.drillPassed', { ack: String(drill.checks.minutesToAcknowledge), resolve: String(drill.checks.minutesToResolve) }) : t('inc.drillFailed')}
            </p>
          )}
          {data.length === 0 && <p className="muted">{t('inc.empty')}</p>}
          {data.map((i) => (
            <section key={i.id} className="panel" data-incident={i.id} data-status={i.status}>
              <h2>{t(`inc.level.${i.level as 1 | 2 | 3}`)} · {i.title} {i.drill && <small>({t('inc.drill')})</small>}</h2>
              <p>{t('inc.status')}: <span data-testid="incident-status">{t(`inc.status.${i.status}`)}</span></p>
              <div className="svc-actions">
                {i.status === 'open' && <button type="button" data-testid="acknowledge" onClick={() => act(i.id, 'acknowledge')}>{t('inc.acknowledge')}</button>}
                {(i.status === 'open' || i.status === 'acknowledged') && <button type="button" data-testid="resolve-incident" onClick={() => act(i.id, 'resolve')}>{t('inc.resolve')}</button>}
              </div>
              <ol className="svc-timeline" data-testid="incident-timeline">
                {i.timeline.map((e) => <li key={e.id} data-kind={e.kind}>{new Date(e.at).toLocaleTimeString()} {e.kind} · {e.actorName}{e.body ? `: ${e.body}` : ''}</li>)}
              </ol>
            </section>
          ))}
        </>
      )}
    </PageFrame>
  );
}

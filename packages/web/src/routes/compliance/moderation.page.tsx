import { useState, type FormEvent } from 'react';
import { checkModeration, fetchDecisions, overrideModeration, type ModerationDecision } from '../../api/service-desk.api';
import { useI18n } from '../../i18n/i18n-context';
import { PageFrame } from '../analytics/page-frame';
import { useLoadable } from '../analytics/use-loadable';
import '../service/service.css';

/** 内容审核: check a text against the moderation list, see the hits, override with a reason. */
export function ModerationPage() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const [kind, setKind] = useState('review');
  const [text, setText] = useState('');
  const [result, setResult] = useState<ModerationDecision | null>(null);
  const state = useLoadable((signal) => fetchDecisions(signal), [reload]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(await checkModeration({ kind, text }));
    setReload((k) => k + 1);
  };
  const override = (d: ModerationDecision, action: string) => {
    const reason = window.prompt(t('cmp.reason')) ?? '';
    if (reason.length >= 3) void overrideModeration(d.id, { action, reason }).then(() => setReload((k) => k + 1));
  };
  return (
    <PageFrame title="cmp.moderation" testId="moderation-page" state={state}>
      {(decisions) => (
        <>
          <section className="panel">
            <form className="svc-form" data-testid="moderation-form" onSubmit={(e) => void submit(e)}>
              <label>{t('cmp.kind')}<select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                {(['product', 'review', 'ticket'] as const).map((k) => <option key={k} value={k}>{t(`cmp.kind.${k}`)}</option>)}</select></label>
              <label>{t('cmp.text')}<textarea name="text" value={text} onChange={(e) => setText(e.target.value)} required /></label>
              <button type="submit">{t('cmp.check')}</button>
            </form>
            {result && (
              <div className={`mod-result ${result.action}`} data-testid="moderation-result" data-action={result.action}>
                <strong>{t(`cmp.action.${result.action}`)}</strong> · {t('cmp.hits')}: {result.hits.map((h) => `${h.excerpt} (${h.category})`).join('，') || '—'}
              </div>
            )}
          </section>
          <section className="panel">
            <h2>{t('cmp.recent')}</h2>
            <table className="svc-table" data-testid="decisions">
              <tbody>{decisions.map((d) => (
                <tr key={d.id}><td>#{d.id}</td><td>{d.kind}</td><td>{t(`cmp.action.${d.action}`)}{d.overrideAction ? ` → ${t(`cmp.action.${d.overrideAction}`)} (${d.overrideReason})` : ''}</td>
                  <td>{d.hits.map((h) => h.excerpt).join('，')}</td>
                  <td>{!d.overrideAction && d.action !== 'allow' && <button type="button" onClick={() => override(d, 'allow')}>{t('cmp.override')}</button>}</td></tr>))}</tbody>
            </table>
          </section>
        </>
      )}
    </PageFrame>
  );
}

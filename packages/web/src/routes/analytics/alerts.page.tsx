import type { AlertItem, AlertRule, GoalMetric } from '@zhanggui/contracts';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-client';
import { acknowledgeAlert, createAlertRule, fetchAlertRules, fetchAlerts } from '../../api/analytics.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { DataTable, type Column } from './data-table';
import { METRIC_KIND, targetFromInput } from './metric-format';
import { MetricScopeFields, scopeFromForm } from './metric-scope-fields';
import { PageFrame } from './page-frame';
import { useLoadable } from './use-loadable';

/** 预警: open alerts with their evidence (acknowledge them), the rules, and a form to add a rule. */
export function AlertsPage() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const state = useLoadable(async (signal) => {
    const [alerts, rules] = await Promise.all([fetchAlerts(status, signal), fetchAlertRules(signal)]);
    return { ...alerts, ...rules };
  }, [reload, status]);
  const alertCols: Column<AlertItem>[] = [
    { key: 'day', label: 'an.alerts.day', value: (a) => a.day },
    { key: 'severity', label: 'an.alerts.severity', value: (a) => a.severity, render: (a) => t(`an.alerts.severity.${a.severity}`) },
    { key: 'title', label: 'an.alerts.titleCol', value: (a) => a.title },
    { key: 'source', label: 'an.alerts.source', value: (a) => a.source },
    { key: 'evidence', label: 'an.alerts.evidence', value: (a) => JSON.stringify(a.evidence), render: (a) => <code className="evidence">{summary(a.evidence)}</code> },
    { key: 'status', label: 'an.alerts.status', value: (a) => a.status, render: (a) => (a.status === 'open'
      ? <button type="button" data-ack={a.id} onClick={() => void acknowledgeAlert(a.id).then(() => setReload((k) => k + 1))}>{t('an.alerts.acknowledge')}</button>
      : t('an.alerts.acknowledged', { by: a.acknowledgedBy ?? '' })) },
  ];
  const ruleCols: Column<AlertRule>[] = [
    { key: 'name', label: 'an.alerts.ruleName', value: (r) => r.name },
    { key: 'metric', label: 'an.goals.metric', value: (r) => t(`an.metric.${r.metric}`) },
    { key: 'channel', label: 'an.goals.channel', value: (r) => r.channel ?? t('an.goals.allChannels') },
    { key: 'device', label: 'an.goals.device', value: (r) => (r.device ? t(`an.device.${r.device}`) : t('an.goals.allDevices')) },
    { key: 'condition', label: 'an.alerts.condition', value: (r) => JSON.stringify(r.condition), render: (r) => <code>{JSON.stringify(r.condition)}</code> },
    { key: 'severity', label: 'an.alerts.severity', value: (r) => r.severity, render: (r) => t(`an.alerts.severity.${r.severity}`) },
  ];
  return (
    <PageFrame title="an.alerts.title" testId="alerts-page" state={state}
      tools={<div className="segmented small" role="group">{(['open', 'all'] as const).map((s) => (
        <button key={s} type="button" className={s === status ? 'active' : ''} aria-pressed={s === status} onClick={() => setStatus(s)}>{t(`an.alerts.show.${s}`)}</button>))}</div>}>
      {(data) => (
        <>
          <section className="panel"><DataTable rows={data.alerts} columns={alertCols} testId="alerts-table" fileName="alerts" rowKey={(a) => String(a.id)} /></section>
          <RuleForm onCreated={() => setReload((k) => k + 1)} />
          <section className="panel"><h2>{t('an.alerts.rules')}</h2>
            <p className="muted">{t('an.alerts.methods')}</p>
            <DataTable rows={data.rules} columns={ruleCols} testId="rules-table" fileName="alert-rules" rowKey={(r) => String(r.id)} /></section>
        </>
      )}
    </PageFrame>
  );
}

const summary = (e: Record<string, unknown>) => Object.entries(e).filter(([k]) => k !== 'method').slice(0, 6)
  .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 1000) / 1000 : typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');

function RuleForm({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [metric, setMetric] = useState<GoalMetric>('gmv');
  const [kind, setKind] = useState<'threshold' | 'change' | 'anomaly'>('anomaly');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const op = String(f.get('op')) as 'lt' | 'gt';
    const v = Number(f.get('value'));
    const condition = kind === 'threshold' ? { kind, op, value: targetFromInput(METRIC_KIND[metric], v) }
      : kind === 'change' ? { kind, op, pct: v / 100 } : { kind, z: v || 3.5 };
    try {
      await createAlertRule({ name: String(f.get('name')), metric, ...scopeFromForm(f), severity: String(f.get('severity')) as 'info' | 'warning' | 'critical', condition });
      setError(null);
      onCreated();
    } catch (err) {
      setError(err instanceof ApiError ? errorText(err) : String(err));
    }
  };
  return (
    <section className="panel">
      <h2>{t('an.alerts.addRule')}</h2>
      <form className="inline-form" data-testid="rule-form" onSubmit={(e) => void submit(e)}>
        <label>{t('an.alerts.ruleName')}<input name="name" required /></label>
        <MetricScopeFields metric={metric} onMetric={setMetric} />
        <label>{t('an.alerts.condition')}<select name="kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          {(['threshold', 'change', 'anomaly'] as const).map((k) => <option key={k} value={k}>{t(`an.alerts.kind.${k}`)}</option>)}</select></label>
        {kind !== 'anomaly' && <label>{t('an.alerts.op')}<select name="op"><option value="lt">&lt;</option><option value="gt">&gt;</option></select></label>}
        <label>{t(kind === 'threshold' ? 'an.alerts.value' : kind === 'change' ? 'an.alerts.pct' : 'an.alerts.z')}<input type="number" step="any" name="value" defaultValue={kind === 'anomaly' ? 3.5 : undefined} required /></label>
        <label>{t('an.alerts.severity')}<select name="severity" defaultValue="warning">{(['info', 'warning', 'critical'] as const).map((s) => <option key={s} value={s}>{t(`an.alerts.severity.${s}`)}</option>)}</select></label>
        <button type="submit" className="primary">{t('an.alerts.createRule')}</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

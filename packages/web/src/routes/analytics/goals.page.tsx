import type { GoalMetric, GoalProgress } from '@zhanggui/contracts';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-client';
import { createGoal, fetchGoals } from '../../api/analytics.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { addDays, localToday } from '../overview/date-range';
import { DataTable, type Column } from './data-table';
import { formatMetric, METRIC_KIND, targetFromInput } from './metric-format';
import { MetricScopeFields, scopeFromForm } from './metric-scope-fields';
import { PageFrame } from './page-frame';
import { useLoadable } from './use-loadable';

/** 目标管理: goals with progress, projection, status and owner; add a goal. */
export function GoalsPage() {
  const { t, fmt } = useI18n();
  const [reload, setReload] = useState(0);
  const state = useLoadable((signal) => fetchGoals(signal), [reload]);
  const value = (g: GoalProgress, v: number | null) => formatMetric(fmt, METRIC_KIND[g.metric], v);
  const cols: Column<GoalProgress>[] = [
    { key: 'name', label: 'an.goals.name', value: (g) => g.name },
    { key: 'metric', label: 'an.goals.metric', value: (g) => t(`an.metric.${g.metric}`) },
    { key: 'channel', label: 'an.goals.channel', value: (g) => g.channel ?? t('an.goals.allChannels') },
    { key: 'device', label: 'an.goals.device', value: (g) => (g.device ? t(`an.device.${g.device}`) : t('an.goals.allDevices')) },
    { key: 'period', label: 'an.goals.period', value: (g) => `${g.startsOn} – ${addDays(g.endsOn, -1)}` },
    { key: 'target', label: 'an.goals.target', numeric: true, value: (g) => g.targetValue, render: (g) => `${g.direction === 'at_most' ? '≤ ' : '≥ '}${value(g, g.targetValue)}` },
    { key: 'actual', label: 'an.goals.actual', numeric: true, value: (g) => g.actual, render: (g) => value(g, g.actual) },
    { key: 'projected', label: 'an.goals.projected', numeric: true, value: (g) => g.projected, render: (g) => value(g, g.projected) },
    { key: 'progress', label: 'an.goals.progress', numeric: true, value: (g) => g.progress, render: (g) => (g.progress === null ? '—' : fmt.percent(g.progress)) },
    { key: 'status', label: 'an.goals.status', value: (g) => g.status, render: (g) => <span className={`status-${g.status}`}>{t(`an.goals.status.${g.status}`)}</span> },
    { key: 'owner', label: 'an.goals.owner', value: (g) => g.owner },
  ];
  return (
    <PageFrame title="an.goals.title" testId="goals-page" state={state}>
      {(data) => (
        <>
          <GoalForm onCreated={() => setReload((k) => k + 1)} />
          <section className="panel">
            <p className="muted" data-testid="goals-method">{t('an.goals.method')}</p>
            <DataTable rows={data.goals} columns={cols} testId="goals-table" fileName="goals" rowKey={(g) => String(g.id)} />
          </section>
        </>
      )}
    </PageFrame>
  );
}

function GoalForm({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const today = localToday(new Date());
  const [metric, setMetric] = useState<GoalMetric>('gmv');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const kind = String(f.get('targetKind')) as 'absolute' | 'yoy_change';
    const typed = Number(f.get('target'));
    try {
      await createGoal({
        name: String(f.get('name')), metric, ...scopeFromForm(f), startsOn: String(f.get('startsOn')), endsOn: addDays(String(f.get('endsOn')), 1),
        targetKind: kind, target: kind === 'yoy_change' ? typed / 100 : targetFromInput(METRIC_KIND[metric], typed),
        direction: String(f.get('direction')) as 'at_least' | 'at_most', owner: String(f.get('owner')),
      });
      setError(null);
      onCreated();
    } catch (err) {
      setError(err instanceof ApiError ? errorText(err) : String(err));
    }
  };
  return (
    <section className="panel">
      <h2>{t('an.goals.add')}</h2>
      <form className="inline-form" data-testid="goal-form" onSubmit={(e) => void submit(e)}>
        <label>{t('an.goals.name')}<input name="name" required /></label>
        <MetricScopeFields metric={metric} onMetric={setMetric} />
        <label>{t('an.goals.startsOn')}<input type="date" name="startsOn" defaultValue={`${today.slice(0, 7)}-01`} required /></label>
        <label>{t('an.goals.endsOn')}<input type="date" name="endsOn" required /></label>
        <label>{t('an.goals.targetKind')}<select name="targetKind"><option value="absolute">{t('an.goals.absolute')}</option><option value="yoy_change">{t('an.goals.yoy')}</option></select></label>
        <label>{t('an.goals.target')} ({t(`an.goals.unit.${METRIC_KIND[metric]}`)})<input type="number" step="any" name="target" required /></label>
        <label>{t('an.goals.direction')}<select name="direction"><option value="at_least">≥</option><option value="at_most">≤</option></select></label>
        <label>{t('an.goals.owner')}<input name="owner" required /></label>
        <button type="submit" className="primary">{t('an.goals.create')}</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

import { GOAL_METRICS, type GoalMetric } from '@zhanggui/contracts';
import { useI18n } from '../../i18n/i18n-context';

/** The metric and channel fields that goals and alert rules share (a blank channel is the whole store). */
export function MetricScopeFields({ metric, onMetric }: { metric: GoalMetric; onMetric: (m: GoalMetric) => void }) {
  const { t } = useI18n();
  return (
    <>
      <label>{t('an.goals.metric')}<select name="metric" value={metric} onChange={(e) => onMetric(e.target.value as GoalMetric)}>
        {GOAL_METRICS.map((m) => <option key={m} value={m}>{t(`an.metric.${m}`)}</option>)}</select></label>
      <label>{t('an.goals.channel')}<input name="channel" placeholder={t('an.goals.allChannels')} /></label>
    </>
  );
}

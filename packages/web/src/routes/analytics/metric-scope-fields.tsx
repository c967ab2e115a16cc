import { DEVICELESS_METRICS, GOAL_METRICS, ORDER_DEVICES, type GoalMetric } from '@zhanggui/contracts';
import { useI18n } from '../../i18n/i18n-context';

type Device = (typeof ORDER_DEVICES)[number];

const hasDeviceSplit = (m: GoalMetric) => !(DEVICELESS_METRICS as readonly string[]).includes(m);

/**
 * The metric and scope fields that goals and alert rules share: a channel code (blank: the whole
 * store) and a device (blank: every device; off for metrics without a device split).
 */
export function MetricScopeFields({ metric, onMetric }: { metric: GoalMetric; onMetric: (m: GoalMetric) => void }) {
  const { t } = useI18n();
  const split = hasDeviceSplit(metric);
  return (
    <>
      <label>{t('an.goals.metric')}<select name="metric" value={metric} onChange={(e) => onMetric(e.target.value as GoalMetric)}>
        {GOAL_METRICS.map((m) => <option key={m} value={m}>{t(`an.metric.${m}`)}</option>)}</select></label>
      <label>{t('an.goals.channel')}<input name="channel" placeholder={t('an.goals.allChannels')} /></label>
      <label title={split ? undefined : t('an.goals.noDeviceSplit')}>{t('an.goals.device')}
        <select name="device" disabled={!split} defaultValue="">
          <option value="">{t('an.goals.allDevices')}</option>
          {ORDER_DEVICES.map((d) => <option key={d} value={d}>{t(`an.device.${d}`)}</option>)}
        </select></label>
    </>
  );
}

/** The scope the fields above hold: only the parts given (a disabled device field submits nothing). */
export function scopeFromForm(f: FormData): { channel?: string; device?: Device } {
  const channel = String(f.get('channel') ?? '').trim();
  const device = String(f.get('device') ?? '') as Device | '';
  return { ...(channel ? { channel } : {}), ...(device ? { device } : {}) };
}

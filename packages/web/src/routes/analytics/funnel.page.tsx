import type { Funnel } from '@zhanggui/contracts';
import { useMemo, useState } from 'react';
import { fetchFunnel } from '../../api/analytics.api';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { Chart } from './chart';
import { PageFrame, useRange } from './page-frame';
import { useLoadable } from './use-loadable';

const STEP_LABEL: Record<string, MessageKey> = {
  visitors: 'an.funnel.visitors', productViewers: 'an.funnel.productViewers', addToCart: 'an.funnel.addToCart', checkout: 'an.funnel.checkout', paid: 'an.funnel.paid',
};
const BY = ['none', 'channel', 'device'] as const;

/** 交易漏斗: visitors → product viewers → add-to-cart → checkout → paid, overall or by channel / device. */
export function FunnelPage() {
  const { t, fmt } = useI18n();
  const { range, picker } = useRange();
  const [by, setBy] = useState<(typeof BY)[number]>('none');
  const state = useLoadable((signal) => fetchFunnel({ ...range, by }, signal), [range, by]);
  return (
    <PageFrame title="an.funnel.title" testId="funnel-page" tools={picker} state={state} empty={(d) => d.groups.every((g) => g.steps[0]!.visitors === 0)}>
      {(data) => (
        <>
          <div className="segmented small" role="group" aria-label={t('an.funnel.by')}>
            {BY.map((b) => <button key={b} type="button" className={b === by ? 'active' : ''} aria-pressed={b === by} data-by={b} onClick={() => setBy(b)}>{t(`an.funnel.by.${b}`)}</button>)}
          </div>
          {by === 'none' && data.groups[0] && <FunnelChart group={data.groups[0]} />}
          {data.groups.map((g) => (
            <section key={g.key} className="panel" data-testid={`funnel-group-${g.key}`}>
              <h2>{g.key === 'all' ? t('an.funnel.all') : g.name}</h2>
              <table className="funnel-table">
                <thead><tr><th>{t('an.funnel.step')}</th><th className="num">{t('an.funnel.visitorsCol')}</th><th className="num">{t('an.funnel.stepConversion')}</th><th className="num">{t('an.funnel.overallConversion')}</th><th className="num">{t('an.funnel.dropOff')}</th></tr></thead>
                <tbody>
                  {g.steps.map((s) => (
                    <tr key={s.step} data-step={s.step} className={s.step === g.biggestDrop ? 'biggest-drop' : ''}>
                      <td>{t(STEP_LABEL[s.step]!)}{s.step === g.biggestDrop ? ` · ${t('an.funnel.biggestDrop')}` : ''}</td>
                      <td className="num" data-col="visitors">{fmt.number(s.visitors)}</td>
                      <td className="num" data-col="stepConversion">{s.stepConversion === null ? '—' : fmt.percent(s.stepConversion)}</td>
                      <td className="num">{s.overallConversion === null ? '—' : fmt.percent(s.overallConversion)}</td>
                      <td className="num">{fmt.number(s.dropOff)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </PageFrame>
  );
}

function FunnelChart({ group }: { group: Funnel['groups'][number] }) {
  const { t, fmt } = useI18n();
  const option = useMemo(() => ({
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${fmt.number(p.value)}` },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '8%', label: { show: true, position: 'inside' },
      data: group.steps.map((s) => ({ name: t(STEP_LABEL[s.step]!), value: s.visitors })) }],
    color: ['#c8102e', '#d9415a', '#e57286', '#f0a3b1', '#f7cdd5'],
  }), [group, t, fmt]);
  return <section className="panel"><Chart option={option} testId="funnel-chart" height={280} /></section>;
}

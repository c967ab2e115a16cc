import type { ChannelsReport } from '@zhanggui/contracts';
import { fetchChannels } from '../../api/analytics.api';
import { useI18n } from '../../i18n/i18n-context';
import { DataTable, type Column } from './data-table';
import { PageFrame, useRange } from './page-frame';
import { useLoadable } from './use-loadable';

type Row = ChannelsReport['channels'][number];
type Camp = ChannelsReport['campaigns'][number];

/** 渠道与营销: spend, reach, attributed sales and returns per channel and campaign, and where the next yuan goes. */
export function ChannelsPage() {
  const { t, fmt } = useI18n();
  const { range, picker } = useRange();
  const state = useLoadable((signal) => fetchChannels(range, signal), [range]);
  return (
    <PageFrame title="an.channels.title" testId="channels-page" tools={picker} state={state} empty={(d) => d.channels.length === 0}>
      {(data) => {
        const money = (v: number | null) => (v === null ? '—' : fmt.money(v, data.currency));
        const x = (v: number | null) => (v === null ? '—' : fmt.number(Math.round(v * 100) / 100));
        const common = <R extends Row | Camp>(): Column<R>[] => [
          { key: 'spend', label: 'an.channels.spend', numeric: true, value: (r) => r.spend, render: (r) => money(r.spend) },
          { key: 'impressions', label: 'an.channels.impressions', numeric: true, value: (r) => r.impressions, render: (r) => fmt.number(r.impressions) },
          { key: 'clicks', label: 'an.channels.clicks', numeric: true, value: (r) => r.clicks, render: (r) => fmt.number(r.clicks) },
          { key: 'cpc', label: 'an.channels.cpc', numeric: true, value: (r) => r.cpc, render: (r) => money(r.cpc) },
          { key: 'cpm', label: 'an.channels.cpm', numeric: true, value: (r) => r.cpm, render: (r) => money(r.cpm) },
          { key: 'orders', label: 'an.channels.orders', numeric: true, value: (r) => r.attributedOrders, render: (r) => fmt.number(r.attributedOrders) },
          { key: 'gmv', label: 'an.channels.gmv', numeric: true, value: (r) => r.attributedGmv, render: (r) => money(r.attributedGmv) },
          { key: 'cac', label: 'an.channels.cac', numeric: true, value: (r) => r.cac, render: (r) => money(r.cac) },
          { key: 'roi', label: 'an.channels.roi', numeric: true, value: (r) => r.roi, render: (r) => x(r.roi) },
          { key: 'marginRoi', label: 'an.channels.marginRoi', numeric: true, value: (r) => r.marginRoi, render: (r) => x(r.marginRoi) },
        ];
        const channelCols: Column<Row>[] = [
          { key: 'channel', label: 'an.channels.channel', value: (r) => r.name },
          ...common<Row>(),
          { key: 'marginalRoi', label: 'an.channels.marginalRoi', numeric: true, value: (r) => r.marginalRoi, render: (r) => x(r.marginalRoi) },
          { key: 'underTarget', label: 'an.channels.underTarget', value: (r) => (r.underTarget ? 1 : 0), render: (r) => (r.underTarget ? <span className="flag">{t('an.channels.belowTarget')}</span> : '') },
        ];
        const campaignCols: Column<Camp>[] = [{ key: 'campaign', label: 'an.channels.campaign', value: (r) => r.campaign }, { key: 'ch', label: 'an.channels.channel', value: (r) => r.channel }, ...common<Camp>()];
        return (
          <>
            <p className="muted" data-testid="attribution">{t('an.channels.attribution', { days: data.attribution.windowDays, target: data.roiTarget })}</p>
            <section className="panel"><h2>{t('an.channels.byChannel')}</h2>
              <DataTable rows={data.channels} columns={channelCols} testId="channels-table" fileName="channels" rowKey={(r) => r.channel} /></section>
            <section className="panel" data-testid="recommendations"><h2>{t('an.channels.recommendations')}</h2>
              <ol>{data.recommendations.map((r) => (
                <li key={r.channel} data-channel={r.channel}>{r.name}: {t(`an.channels.advice.${r.advice}`)} · {t('an.channels.marginalRoi')} {x(r.marginalRoi)} · {t('an.channels.roi')} {x(r.roi)}
                  {r.underTarget ? <span className="flag"> · {t('an.channels.belowTarget')}</span> : null}</li>
              ))}</ol></section>
            <section className="panel"><h2>{t('an.channels.byCampaign')}</h2>
              <DataTable rows={data.campaigns} columns={campaignCols} testId="campaigns-table" fileName="campaigns" rowKey={(r) => String(r.campaignId)} /></section>
          </>
        );
      }}
    </PageFrame>
  );
}

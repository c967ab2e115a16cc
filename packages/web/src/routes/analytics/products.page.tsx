import { productRankings, type ProductRanking, type ProductsReport } from '@zhanggui/contracts';
import { useState } from 'react';
import { fetchProducts } from '../../api/analytics.api';
import { useI18n } from '../../i18n/i18n-context';
import { DataTable, type Column } from './data-table';
import { PageFrame, useRange } from './page-frame';
import { useLoadable } from './use-loadable';

type Row = ProductsReport['top'][number];
type Anomaly = ProductsReport['anomalies'][number];

/** 商品分析: top and bottom SKUs by GMV, margin, refund rate or units, and the 异常商品 list. */
export function ProductsPage() {
  const { t, fmt } = useI18n();
  const { range, picker } = useRange();
  const [rankBy, setRankBy] = useState<ProductRanking>('gmv');
  const state = useLoadable((signal) => fetchProducts({ ...range, limit: 20, rankBy }, signal), [range, rankBy]);
  return (
    <PageFrame title="an.products.title" testId="products-page" tools={picker} state={state} empty={(d) => d.top.length === 0 && d.anomalies.length === 0}>
      {(data) => {
        const cols = <R extends Row>(): Column<R>[] => [
          { key: 'sku', label: 'an.products.sku', value: (r) => r.sku },
          { key: 'name', label: 'an.products.name', value: (r) => r.name },
          { key: 'units', label: 'an.products.units', numeric: true, value: (r) => r.units, render: (r) => fmt.number(r.units) },
          { key: 'gmv', label: 'an.products.gmv', numeric: true, value: (r) => r.gmv, render: (r) => fmt.money(r.gmv, data.currency) },
          { key: 'margin', label: 'an.products.margin', numeric: true, value: (r) => r.margin, render: (r) => fmt.money(r.margin, data.currency) },
          { key: 'refundRate', label: 'an.products.refundRate', numeric: true, value: (r) => r.refundRate, render: (r) => (r.refundRate === null ? '—' : fmt.percent(r.refundRate)) },
        ];
        const anomalyCols: Column<Anomaly>[] = [
          { key: 'kind', label: 'an.products.kind', value: (r) => t(`an.products.kind.${r.kind}`) },
          ...cols<Anomaly>(),
          { key: 'ratio', label: 'an.products.ratio', numeric: true, value: (r) => r.ratio, render: (r) => fmt.number(Math.round(r.ratio * 100) / 100) },
        ];
        return (
          <>
            <section className="panel"><h2>{t('an.products.anomalies')}</h2><p className="muted">{t('an.products.anomaliesHint')}</p>
              <DataTable rows={data.anomalies} columns={anomalyCols} testId="anomalies-table" fileName="anomalies" rowKey={(r) => `${r.kind}-${r.sku}`} /></section>
            <div className="segmented small" role="group" aria-label={t('an.products.rankBy')}>
              {productRankings.map((b) => <button key={b} type="button" className={b === rankBy ? 'active' : ''} aria-pressed={b === rankBy} data-rank-by={b} onClick={() => setRankBy(b)}>{t(`an.products.rankBy.${b}`)}</button>)}
            </div>
            <div className="two-col">
              <section className="panel"><h2>{t('an.products.top')} · {t(`an.products.rankBy.${data.rankBy}`)}</h2><DataTable rows={data.top} columns={cols<Row>()} testId="top-table" fileName="top-skus" rowKey={(r) => r.sku} /></section>
              <section className="panel"><h2>{t('an.products.bottom')} · {t(`an.products.rankBy.${data.rankBy}`)}</h2><DataTable rows={data.bottom} columns={cols<Row>()} testId="bottom-table" fileName="bottom-skus" rowKey={(r) => r.sku} /></section>
            </div>
          </>
        );
      }}
    </PageFrame>
  );
}

import { useState } from 'react';
import { fetchCatalogue } from '../../api/service-desk.api';
import { useI18n } from '../../i18n/i18n-context';
import { PageFrame } from '../analytics/page-frame';
import { useLoadable } from '../analytics/use-loadable';
import '../service/service.css';

const CLASSES = ['public', 'internal', 'personal', 'sensitive_personal'] as const;

/** 数据目录: every column classified and graded, filterable, exportable as CSV. */
export function CataloguePage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<string>('personal');
  const state = useLoadable((signal) => fetchCatalogue(signal), []);
  return (
    <PageFrame title="cmp.catalogue" testId="catalogue-page" state={state}
      tools={<a href="/api/compliance/catalogue.csv" data-testid="catalogue-csv">{t('cmp.exportCsv')}</a>}>
      {(data) => (
        <section className="panel">
          <p data-testid="catalogue-data-location">{t('cmp.dataLocation')}: <strong>{data.dataLocation}</strong></p>
          <div className="segmented small" role="group">
            {['all', ...CLASSES].map((c) => (
              <button key={c} type="button" className={c === filter ? 'active' : ''} aria-pressed={c === filter} data-filter={c} onClick={() => setFilter(c)}>
                {c === 'all' ? t('cmp.all') : `${t(`cmp.class.${c as (typeof CLASSES)[number]}`)} (${data.summary[c] ?? 0})`}
              </button>))}
          </div>
          <table className="svc-table" data-testid="catalogue-table">
            <thead><tr><th>{t('cmp.table')}</th><th>{t('cmp.column')}</th><th>{t('cmp.type')}</th><th>{t('cmp.classification')}</th><th>{t('cmp.grade')}</th><th>{t('cmp.source')}</th><th>{t('cmp.crossBorder')}</th><th>{t('cmp.note')}</th></tr></thead>
            <tbody>{data.columns.filter((c) => filter === 'all' || c.classification === filter).map((c) => (
              <tr key={`${c.table}.${c.column}`} data-column={`${c.table}.${c.column}`}>
                <td>{c.table}</td><td>{c.column}</td><td>{c.type}</td><td>{t(`cmp.class.${c.classification}`)}</td><td>{c.grade}</td><td>{c.source}</td><td>{t(`cmp.crossBorder.${c.crossBorder}`)}</td><td>{c.note ?? ''}</td>
              </tr>))}</tbody>
          </table>
        </section>
      )}
    </PageFrame>
  );
}

import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { fetchIncrementality, type IncrementalityEffect, type IncrementalityReport } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { addDays } from '../overview/date-range';

/** ROI and its interval as shown (two decimals); the e2e test compares these with the API's numbers. */
export const roiText = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));

/**
 * 活动效果: "did it pay?" for a promotion or coupon batch — the incrementality report with ROI
 * against the target and its CI, incremental orders/GMV/margin, discount cost, and the
 * "not causal" label when there was no holdout.
 */
export function PromotionResults({ refs, today }: { refs: { code: string; name: string }[]; today: string }) {
  const { t, locale, fmt } = useI18n();
  const errorText = useErrorText();
  const [ref, setRef] = useState('');
  const [range, setRange] = useState({ from: addDays(today, -30), to: addDays(today, 1) });
  const [report, setReport] = useState<IncrementalityReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const code = ref || refs[0]?.code || '';

  useEffect(() => {
    if (!code || !/^\d{4}-\d{2}-\d{2}$/.test(range.from) || !/^\d{4}-\d{2}-\d{2}$/.test(range.to)) { setReport(null); return undefined; }
    const ctl = new AbortController();
    fetchIncrementality(code, range.from, range.to, ctl.signal).then((r) => { setReport(r); setError(null); },
      (e: unknown) => { if (!ctl.signal.aborted) { setReport(null); setError(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e))); } });
    return () => ctl.abort();
  }, [code, range]);

  const money = (v: number) => fmt.money(Math.round(v), 'CNY');
  const effectRow = (key: 'orders' | 'gmv' | 'margin', e: IncrementalityEffect | null) => {
    if (!e) return null;
    const show = key === 'orders' ? (v: number) => v.toFixed(1) : money;
    return (
      <tr key={key} data-testid={`results-${key}`}>
        <td>{t(`promoResults.${key}`)}</td>
        <td data-testid="results-total">{show(e.incrementalTotal)}</td>
        <td>[{show(e.incrementalCi[0])}, {show(e.incrementalCi[1])}]</td>
        <td>{e.pValue.toFixed(4)}</td>
      </tr>
    );
  };

  return (
    <section data-testid="promo-results">
      <h2>{t('promoResults.title')}</h2>
      <label>{t('promoResults.pick')}{' '}
        <select data-testid="results-ref" value={code} onChange={(e) => setRef(e.target.value)}>
          {refs.map((r) => <option key={r.code} value={r.code}>{r.name} ({r.code})</option>)}
        </select>
      </label>{' '}
      <label>{t('promoResults.from')} <input data-testid="results-from" size={10} value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} /></label>{' '}
      <label>{t('promoResults.to')} <input data-testid="results-to" size={10} value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} /></label>
      {refs.length === 0 && <p>{t('promoResults.none')}</p>}
      {error && <div className="page-state error" role="alert" data-testid="results-error">{t('error.generic', { message: errorText(error) })}</div>}
      {report && report.ref === code && (
        <div data-testid="results-report" data-causal={String(report.causal)}>
          <p data-testid="results-label" style={{ color: report.causal ? undefined : '#c8102e', fontWeight: report.causal ? undefined : 600 }}>
            {locale === 'zh' ? report.label.zh : report.label.en}
          </p>
          <p>
            {t('promoResults.roi')} <strong data-testid="results-roi">{roiText(report.causal ? report.roi : report.attributedRoi)}</strong>
            {report.causal && report.roiCi && <> {t('promoResults.ci')} <span data-testid="results-roi-ci">[{roiText(report.roiCi[0])}, {roiText(report.roiCi[1])}]</span></>}
            {' · '}{t('promoResults.target')} <span data-testid="results-target">{roiText(report.roiTarget)}</span>
            {report.meetsTarget !== null && <> · <span data-testid="results-meets">{t(report.meetsTarget ? 'promoResults.meets' : 'promoResults.misses')}</span></>}
          </p>
          <p>
            {t('promoResults.cost')} <span data-testid="results-cost">{money(report.discountCost)}</span>
            {' · '}{t('promoResults.offered', { offered: fmt.number(report.offered), heldOut: fmt.number(report.heldOut) })}
          </p>
          {report.causal ? (
            <table data-testid="results-effects">
              <thead><tr><th>{t('promoResults.measure')}</th><th>{t('promoResults.incremental')}</th><th>{t('promoResults.ci')}</th><th>{t('promoResults.p')}</th></tr></thead>
              <tbody>{effectRow('orders', report.orders)}{effectRow('gmv', report.gmv)}{effectRow('margin', report.margin)}</tbody>
            </table>
          ) : (
            <p data-testid="results-attributed">
              {t('promoResults.attributed', { orders: fmt.number(report.redeemingOrders ?? 0), gmv: money(report.redeemingGmv ?? 0) })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

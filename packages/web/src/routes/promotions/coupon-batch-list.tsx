import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { fetchCouponBatches, type CouponBatchDto, type CouponBatchListDto } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';

export const BATCH_PAGE_SIZE = 20;

/** 几折: 10 % off → 9, 12.5 % off → 8.75 (the engine's wording). */
const zhe = (percentOff: number) => String(Math.round((100 - percentOff) * 10) / 100);

/** A batch's rule in words: 满¥100.00减¥10.00, 满¥100.00打9折（最多减¥15.00）, 无门槛… */
export function useCouponRuleText() {
  const { t, fmt } = useI18n();
  return (d: CouponBatchDto['definition']) => {
    const threshold = fmt.money(d.threshold ?? 0, 'CNY');
    if (d.amount !== undefined) return t('couponEdit.ruleText', { threshold, amount: fmt.money(d.amount, 'CNY') });
    const base = t('couponEdit.rulePercent', { threshold, zhe: zhe(d.percentOff ?? 0), percent: String(d.percentOff ?? 0) });
    return d.maxDiscount !== undefined ? `${base}${t('couponEdit.ruleCap', { cap: fmt.money(d.maxDiscount, 'CNY') })}` : base;
  };
}

/**
 * 优惠券批次: every batch (GET /api/pricing/coupon-batches, newest first, 20 a page) with its rule,
 * scope and targeting, validity, limits and redemption tracking — issued, redeemed, expired,
 * held out, remaining and the redemption rate (redeemed / issued). Reloads when `refreshKey` changes.
 */
export function CouponBatchList({ refreshKey, onLoaded }: { refreshKey: number; onLoaded?: (items: CouponBatchDto[]) => void }) {
  const { t, fmt } = useI18n();
  const errorText = useErrorText();
  const rule = useCouponRuleText();
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<CouponBatchListDto | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => { setOffset(0); }, [refreshKey]);
  useEffect(() => {
    const ctl = new AbortController();
    fetchCouponBatches(BATCH_PAGE_SIZE, offset, ctl.signal).then((d) => { setData(d); setError(null); onLoaded?.(d.items); },
      (e: unknown) => { if (!ctl.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e))); });
    return () => ctl.abort();
  }, [offset, refreshKey]); // onLoaded is the page's state setter, not a reason to reload

  const target = (b: CouponBatchDto) => {
    const tg = b.definition.targeting;
    const parts = [
      ...(tg?.skus?.length ? [`${t('couponEdit.skusShort')} ${tg.skus.join(', ')}`] : []),
      ...(tg?.categories?.length ? [`${t('couponEdit.categoriesShort')} ${tg.categories.join(', ')}`] : []),
    ];
    return `${t(`couponEdit.scope.${b.definition.scope}`)}${parts.length ? `（${parts.join('；')}）` : ''}`;
  };

  return (
    <section data-testid="coupon-batches">
      <h2>{t('couponList.title')}</h2>
      {error && <div className="page-state error" role="alert" data-testid="coupon-list-error">{t('error.generic', { message: errorText(error) })}</div>}
      {data && data.total === 0 && <div className="page-state" data-testid="coupon-list-empty">{t('couponList.none')}</div>}
      {data && data.total > 0 && (<>
        <table data-testid="coupon-list">
          <thead><tr>
            <th>{t('couponEdit.code')}</th><th>{t('couponEdit.name')}</th><th>{t('couponEdit.rule')}</th><th>{t('couponEdit.scope')}</th><th>{t('couponEdit.window')}</th><th>{t('couponEdit.limits')}</th>
            <th>{t('couponList.issued')}</th><th>{t('couponList.redeemed')}</th><th>{t('couponList.expired')}</th><th>{t('couponList.heldOut')}</th><th>{t('couponList.remaining')}</th><th>{t('couponList.rate')}</th>
          </tr></thead>
          <tbody>{data.items.map((b) => (
            <tr key={b.code} data-code={b.code}>
              <td>{b.code}{b.codeless ? ` · ${t('couponList.codeless')}` : ''}</td>
              <td>{b.name}</td>
              <td data-testid="coupon-rule">{rule(b.definition)}</td>
              <td data-testid="coupon-target">{target(b)}</td>
              <td>{b.definition.validFrom ?? '—'} ~ {b.definition.validTo ?? '—'}</td>
              <td>{t('couponEdit.limitsText', { per: String(b.maxPerCustomer), total: b.definition.totalQuantity === undefined ? '∞' : String(b.definition.totalQuantity) })}</td>
              <td data-testid="coupon-issued">{fmt.number(b.issued)}</td>
              <td data-testid="coupon-redeemed">{fmt.number(b.redeemed)}</td>
              <td data-testid="coupon-expired">{fmt.number(b.expired)}</td>
              <td data-testid="coupon-heldout">{fmt.number(b.heldOut)}</td>
              <td data-testid="coupon-remaining">{b.remaining === null ? '∞' : fmt.number(b.remaining)}</td>
              <td data-testid="coupon-rate">{b.issued > 0 ? fmt.percent(b.redeemed / b.issued, 1) : '—'}</td>
            </tr>
          ))}</tbody>
        </table>
        <div>
          <button type="button" data-testid="coupon-list-prev" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - BATCH_PAGE_SIZE))}>{t('couponList.prev')}</button>{' '}
          <span data-testid="coupon-list-range">{t('couponList.range', { from: String(offset + 1), to: String(offset + data.items.length), total: String(data.total) })}</span>{' '}
          <button type="button" data-testid="coupon-list-next" disabled={offset + data.items.length >= data.total} onClick={() => setOffset(offset + BATCH_PAGE_SIZE)}>{t('couponList.next')}</button>
        </div>
      </>)}
    </section>
  );
}

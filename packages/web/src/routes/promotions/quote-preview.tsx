import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { previewQuote, type PricingRulesJson, type QuoteResult } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';

/** A trial-cart line; `category` (optional) lets category-targeted promotions and coupons apply. */
export interface SampleLine { sku: string; price: string; qty: string; category?: string }

export const DEFAULT_SAMPLE_CART: SampleLine[] = [{ sku: 'A', price: '120', qty: '2' }, { sku: 'B', price: '69.9', qty: '1' }];
const STAGES = ['item_price', 'order_promotion', 'coupon', 'points', 'shipping'] as const;
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

/**
 * The live preview shared by the 满减 and coupon editors: quotes the sample cart against `rules`
 * (nothing stored; POST /api/pricing/preview) 150 ms after the last change. `rules` null = no quote.
 */
export function useLivePreview(rules: PricingRulesJson | null, lines: SampleLine[], coupons: string[] = []) {
  const [quote, setQuote] = useState<QuoteResult | null>(null);
  const [at, setAt] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const couponKey = coupons.join('\u0000');
  useEffect(() => {
    const cartLines = lines.filter((l) => l.sku && Number(l.qty) > 0).map((l) => ({ sku: l.sku, quantity: Math.round(Number(l.qty)), listPrice: fen(l.price), ...(l.category?.trim() ? { category: l.category.trim() } : {}) }));
    if (cartLines.length === 0 || rules === null) { setQuote(null); return undefined; }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      const when = new Date().toISOString();
      const cart = { at: when, lines: cartLines, ...(couponKey ? { coupons: couponKey.split('\u0000') } : {}) };
      previewQuote(rules, cart, ctl.signal).then((q) => { setQuote(q); setAt(when); setError(null); },
        (e: unknown) => { if (!ctl.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e))); });
    }, 150);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [rules, lines, couponKey]);
  return { quote, at, error };
}

/** 试算购物车: the sample cart's lines (test ids `${prefix}cart-sku-0`, …). */
export function SampleCart({ lines, onChange, prefix = '' }: { lines: SampleLine[]; onChange: (lines: SampleLine[]) => void; prefix?: string }) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<SampleLine>) => onChange(lines.map((x, k) => (k === i ? { ...x, ...patch } : x)));
  return (<>
    <h3>{t('promo.cart')}</h3>
    {lines.map((l, i) => (
      <div key={i}>
        <label>{t('promo.sku')} <input data-testid={`${prefix}cart-sku-${i}`} size={10} value={l.sku} onChange={(e) => set(i, { sku: e.target.value })} /></label>{' '}
        <label>{t('promo.price')} <input data-testid={`${prefix}cart-price-${i}`} size={7} value={l.price} onChange={(e) => set(i, { price: e.target.value })} /></label>{' '}
        <label>{t('promo.qty')} <input data-testid={`${prefix}cart-qty-${i}`} size={3} value={l.qty} onChange={(e) => set(i, { qty: e.target.value })} /></label>{' '}
        <label>{t('promo.category')} <input data-testid={`${prefix}cart-category-${i}`} size={8} value={l.category ?? ''} onChange={(e) => set(i, { category: e.target.value })} /></label>
      </div>
    ))}
  </>);
}

/**
 * 试算结果: payable, every discount with the engine's reason, what did not apply, and the stacking
 * explanation — the stages in the engine's order, each with the discounts that came from it.
 */
export function QuotePreview({ quote, at, prefix = '' }: { quote: QuoteResult | null; at?: string | null; prefix?: string }) {
  const { t, locale, fmt } = useI18n();
  if (!quote) return <h3>{t('promo.preview')}</h3>;
  const money = (v: number) => fmt.money(v, quote.currency);
  const reason = (r: { zh: string; en: string }) => (locale === 'zh' ? r.zh : r.en);
  const stages = STAGES.map((s) => ({ stage: s, discounts: quote.discounts.filter((d) => d.stage === s) })).filter((s) => s.discounts.length > 0);
  return (<>
    <h3>{t('promo.preview')}</h3>
    <div data-testid={`${prefix}promo-preview`} data-at={at ?? undefined}>
      <p>
        {t('promo.items')} <span data-testid={`${prefix}preview-items`}>{money(quote.itemAmount)}</span>
        {' · '}{t('promo.couponDiscount')} <span data-testid={`${prefix}preview-coupon`}>{money(quote.couponDiscount)}</span>
        {' · '}{t('promo.payable')} <strong data-testid={`${prefix}preview-payable`}>{money(quote.payable)}</strong>
      </p>
      <h4>{t('promo.discounts')}</h4>
      <ul>{quote.discounts.map((d) => <li key={`${d.stage}:${d.id}`} data-testid={`${prefix}preview-discount`} data-stage={d.stage}>−{money(d.amount)} {reason(d.reason)}{d.capped ? `（${reason(d.capped)}）` : ''}</li>)}</ul>
      {quote.rejected.length > 0 && (<>
        <h4>{t('promo.notApplied')}</h4>
        <ul>{quote.rejected.map((r) => <li key={`${r.stage}:${r.id}`} data-testid={`${prefix}preview-rejected`}>{r.id}: {reason(r.reason)}</li>)}</ul>
      </>)}
      {stages.length > 0 && (<>
        <h4>{t('promo.stacking')}</h4>
        <p style={{ fontSize: 12, color: '#666' }}>{t('promo.stackingNote')}</p>
        <ol data-testid={`${prefix}preview-stacking`}>{stages.map((s) => (
          <li key={s.stage} data-stage={s.stage}>{t(`promo.stage.${s.stage}`)}: {s.discounts.map((d) => `${d.name} −${money(d.amount)}`).join('，')}</li>
        ))}</ol>
      </>)}
    </div>
  </>);
}

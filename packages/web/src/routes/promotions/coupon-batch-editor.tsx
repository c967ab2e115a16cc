import { useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { createCouponBatch, type CouponBatchDto, type CouponDefinitionJson, type PricingRulesJson, type PromotionDto } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { DEFAULT_SAMPLE_CART, QuotePreview, SampleCart, useLivePreview } from './quote-preview';

/** The text fields of the form (kind, scope and codeless are choices, kept apart). */
type Field = 'code' | 'name' | 'amount' | 'percentOff' | 'maxDiscount' | 'threshold' | 'skus' | 'categories' | 'validFrom' | 'validTo' | 'perCustomer' | 'total' | 'holdout';
type ErrKey = 'required' | 'tooLong' | 'money' | 'overThreshold' | 'percent' | 'time' | 'window' | 'perCustomer' | 'total' | 'holdout' | 'taken' | 'list';
export type CouponKind = 'amount' | 'percent';
export type CouponScope = 'order' | 'item';
export interface CouponForm { kind: CouponKind; scope: CouponScope; codeless: boolean; f: Record<Field, string> }

const MONEY = /^\d+(\.\d{1,2})?$/;
const PERCENT = /^\d+(\.\d{1,2})?$/;
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const INT = /^\d+$/;
const fen = (yuan: string) => Math.round(Number(yuan) * 100);
/** A comma- or space-separated list (，、 too), without blanks and duplicates. */
export const listOf = (s: string) => [...new Set(s.split(/[\s,，、]+/).map((x) => x.trim()).filter(Boolean))];

export const EMPTY_COUPON_FORM: CouponForm = {
  kind: 'amount', scope: 'order', codeless: false,
  f: { code: '', name: '', amount: '', percentOff: '', maxDiscount: '', threshold: '', skus: '', categories: '', validFrom: '', validTo: '', perCustomer: '1', total: '', holdout: '' },
};

/** The form's per-field errors (empty when it can be posted); the checks of the API's couponDefinition. */
export function validateCouponForm({ kind, f }: Pick<CouponForm, 'kind' | 'f'>): Partial<Record<Field, ErrKey>> {
  const e: Partial<Record<Field, ErrKey>> = {};
  if (!f.code.trim()) e.code = 'required'; else if (f.code.trim().length > 64) e.code = 'tooLong';
  if (!f.name.trim()) e.name = 'required'; else if (f.name.trim().length > 200) e.name = 'tooLong';
  if (f.threshold.trim() && !MONEY.test(f.threshold.trim())) e.threshold = 'money';
  if (kind === 'amount') {
    if (!f.amount.trim()) e.amount = 'required'; else if (!MONEY.test(f.amount.trim()) || fen(f.amount) <= 0) e.amount = 'money';
    else if (!e.threshold && f.threshold.trim() && fen(f.amount) > fen(f.threshold)) e.amount = 'overThreshold';
  } else {
    if (!f.percentOff.trim()) e.percentOff = 'required';
    else if (!PERCENT.test(f.percentOff.trim()) || Number(f.percentOff) <= 0 || Number(f.percentOff) > 100) e.percentOff = 'percent';
    if (f.maxDiscount.trim() && (!MONEY.test(f.maxDiscount.trim()) || fen(f.maxDiscount) <= 0)) e.maxDiscount = 'money';
  }
  if (listOf(f.skus).some((x) => x.length > 64)) e.skus = 'list';
  if (listOf(f.categories).some((x) => x.length > 64)) e.categories = 'list';
  if (f.validFrom.trim() && !TIME.test(f.validFrom.trim())) e.validFrom = 'time';
  if (f.validTo.trim() && !TIME.test(f.validTo.trim())) e.validTo = 'time';
  else if (!e.validFrom && f.validFrom.trim() && f.validTo.trim() && f.validTo.trim() <= f.validFrom.trim()) e.validTo = 'window';
  if (!INT.test(f.perCustomer.trim()) || Number(f.perCustomer) < 1 || Number(f.perCustomer) > 20) e.perCustomer = 'perCustomer';
  if (f.total.trim() && (!INT.test(f.total.trim()) || Number(f.total) < 1)) e.total = 'total';
  if (f.holdout.trim() && (!/^\d+(\.\d+)?$/.test(f.holdout.trim()) || Number(f.holdout) > 90)) e.holdout = 'holdout';
  return e;
}

/**
 * The coupon the form describes, as the API takes it (amounts in fen). `draft`: the preview's
 * version — a blank code or name gets a placeholder, the limits are left out.
 */
export function couponDefinitionOf({ kind, scope, f }: Pick<CouponForm, 'kind' | 'scope' | 'f'>, draft = false): CouponDefinitionJson {
  const id = f.code.trim() || (draft ? 'draft-coupon' : '');
  const skus = listOf(f.skus);
  const categories = listOf(f.categories);
  return {
    id, name: f.name.trim() || (draft ? id : ''), scope,
    ...(kind === 'amount' ? { amount: fen(f.amount) } : { percentOff: Number(f.percentOff), ...(f.maxDiscount.trim() ? { maxDiscount: fen(f.maxDiscount) } : {}) }),
    ...(f.threshold.trim() ? { threshold: fen(f.threshold) } : {}),
    ...(skus.length || categories.length ? { targeting: { ...(skus.length ? { skus } : {}), ...(categories.length ? { categories } : {}) } } : {}),
    ...(f.validFrom.trim() ? { validFrom: f.validFrom.trim() } : {}),
    ...(f.validTo.trim() ? { validTo: f.validTo.trim() } : {}),
    ...(draft ? {} : { perCustomerLimit: Number(f.perCustomer), ...(f.total.trim() ? { totalQuantity: Number(f.total) } : {}) }),
  };
}

/**
 * 新建优惠券批次: a 满减 (amount) or 折扣 (percent, optionally capped) coupon for the whole order or
 * for items (SKUs and/or categories), with threshold, validity window, per-customer limit, total
 * quantity, holdout and code-less claiming; posted to POST /api/pricing/coupon-batches.
 * Live preview: the sample cart quoted with the store's active promotions plus the draft coupon applied.
 */
export function CouponBatchEditor({ promotions, onCreated }: { promotions: PromotionDto[]; onCreated: (b: CouponBatchDto) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form, setForm] = useState<CouponForm>(EMPTY_COUPON_FORM);
  const { kind, scope, codeless, f } = form;
  const [errors, setErrors] = useState<Partial<Record<Field, ErrKey>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [lines, setLines] = useState(DEFAULT_SAMPLE_CART);
  const setF = (patch: Partial<Record<Field, string>>) => setForm({ ...form, f: { ...f, ...patch } });

  // The preview needs only the fields that shape the discount; it waits until those are valid.
  const previewRules = useMemo<{ rules: PricingRulesJson; code: string } | null>(() => {
    const e = validateCouponForm(form);
    if (e.amount || e.percentOff || e.maxDiscount || e.threshold || e.skus || e.categories || e.validFrom || e.validTo
      || (e.code && e.code !== 'required') || (e.name && e.name !== 'required')) return null;
    const coupon = couponDefinitionOf(form, true);
    return { rules: { promotions: promotions.filter((p) => p.status === 'active').map((p) => p.definition), coupons: [coupon] }, code: coupon.id };
  }, [form, promotions]);
  const preview = useLivePreview(previewRules?.rules ?? null, lines, previewRules ? [previewRules.code] : []);

  const submit = async () => {
    const e = validateCouponForm(form);
    setErrors(e);
    setCreated(null);
    if (Object.keys(e).length > 0) return;
    try {
      const b = await createCouponBatch({
        definition: couponDefinitionOf(form), maxPerCustomer: Number(f.perCustomer), ...(codeless ? { codeless: true } : {}),
        ...(f.holdout.trim() ? { holdoutShare: Number(f.holdout) / 100 } : {}),
      });
      setError(null);
      setCreated(b.name);
      onCreated(b);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err));
      if (apiErr.code === 'conflict') setErrors({ code: 'taken' });
      else setError(apiErr);
    }
  };

  const input = (field: Field, size = 10, placeholder?: string) => (
    <label>
      {t(`couponEdit.${field}`)}{' '}
      <input data-testid={`coupon-${field}`} size={size} placeholder={placeholder} value={f[field]} onChange={(e) => setF({ [field]: e.target.value })} aria-invalid={errors[field] ? true : undefined} />
      {errors[field] && <span className="field-error" data-testid={`coupon-err-${field}`} style={{ color: '#c8102e' }}>{t(`couponEdit.err.${errors[field]}`)}</span>}
    </label>
  );

  return (
    <section data-testid="coupon-editor">
      <h2>{t('couponEdit.title')}</h2>
      <div>{input('code')} {input('name', 16)}</div>
      <div>
        <label>{t('couponEdit.kind')}{' '}
          <select data-testid="coupon-kind" value={kind} onChange={(e) => setForm({ ...form, kind: e.target.value as CouponKind })}>
            <option value="amount">{t('couponEdit.kind.amount')}</option>
            <option value="percent">{t('couponEdit.kind.percent')}</option>
          </select>
        </label>{' '}
        <label>{t('couponEdit.scope')}{' '}
          <select data-testid="coupon-scope" value={scope} onChange={(e) => setForm({ ...form, scope: e.target.value as CouponScope })}>
            <option value="order">{t('couponEdit.scope.order')}</option>
            <option value="item">{t('couponEdit.scope.item')}</option>
          </select>
        </label>
      </div>
      <div>
        {input('threshold', 6)}{' '}
        {kind === 'amount' ? input('amount', 6) : <>{input('percentOff', 5)} {input('maxDiscount', 6)}</>}
      </div>
      <div>{input('skus', 20, 'A, B')} {input('categories', 20, 'tea, cups')}</div>
      <p className="hint" style={{ fontSize: 12, color: '#666' }}>{t(scope === 'order' ? 'couponEdit.targetHint.order' : 'couponEdit.targetHint.item')}</p>
      <div>{input('validFrom', 16, 'YYYY-MM-DD HH:mm')} {input('validTo', 16, 'YYYY-MM-DD HH:mm')}</div>
      <div>
        {input('perCustomer', 3)} {input('total', 6)} {input('holdout', 4)}{' '}
        <label><input type="checkbox" data-testid="coupon-codeless" checked={codeless} onChange={(e) => setForm({ ...form, codeless: e.target.checked })} /> {t('couponEdit.codeless')}</label>
      </div>
      <SampleCart lines={lines} onChange={setLines} prefix="coupon-" />
      <QuotePreview quote={preview.quote} at={preview.at} prefix="coupon-" />
      {(error ?? preview.error) && <div className="page-state error" role="alert" data-testid="coupon-error">{t('error.generic', { message: errorText((error ?? preview.error)!) })}</div>}
      <button type="button" data-testid="coupon-create" onClick={() => void submit()}>{t('couponEdit.create')}</button>
      {created && <span data-testid="coupon-created"> {t('couponEdit.created', { name: created })}</span>}
    </section>
  );
}

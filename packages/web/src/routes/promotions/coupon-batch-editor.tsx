import { useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { createCouponBatch, type CouponBatchDto, type CouponDefinitionJson, type PricingRulesJson, type PromotionDto } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { DEFAULT_SAMPLE_CART, QuotePreview, SampleCart, useLivePreview } from './quote-preview';

type Field = 'code' | 'name' | 'amount' | 'threshold' | 'validFrom' | 'validTo' | 'perCustomer' | 'total' | 'holdout';
type ErrKey = 'required' | 'tooLong' | 'money' | 'overThreshold' | 'time' | 'window' | 'perCustomer' | 'total' | 'holdout' | 'taken';

const MONEY = /^\d+(\.\d{1,2})?$/;
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const INT = /^\d+$/;
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

/** The form's per-field errors (empty when it can be posted). */
export function validateCouponForm(f: Record<Field, string>): Partial<Record<Field, ErrKey>> {
  const e: Partial<Record<Field, ErrKey>> = {};
  if (!f.code.trim()) e.code = 'required'; else if (f.code.trim().length > 64) e.code = 'tooLong';
  if (!f.name.trim()) e.name = 'required'; else if (f.name.trim().length > 200) e.name = 'tooLong';
  if (!f.amount.trim()) e.amount = 'required'; else if (!MONEY.test(f.amount.trim()) || fen(f.amount) <= 0) e.amount = 'money';
  if (f.threshold.trim() && !MONEY.test(f.threshold.trim())) e.threshold = 'money';
  else if (!e.amount && f.threshold.trim() && fen(f.amount) > fen(f.threshold)) e.amount = 'overThreshold';
  if (f.validFrom.trim() && !TIME.test(f.validFrom.trim())) e.validFrom = 'time';
  if (f.validTo.trim() && !TIME.test(f.validTo.trim())) e.validTo = 'time';
  else if (!e.validFrom && f.validFrom.trim() && f.validTo.trim() && f.validTo.trim() <= f.validFrom.trim()) e.validTo = 'window';
  if (!INT.test(f.perCustomer.trim()) || Number(f.perCustomer) < 1 || Number(f.perCustomer) > 20) e.perCustomer = 'perCustomer';
  if (f.total.trim() && (!INT.test(f.total.trim()) || Number(f.total) < 1)) e.total = 'total';
  if (f.holdout.trim() && (!/^\d+(\.\d+)?$/.test(f.holdout.trim()) || Number(f.holdout) > 90)) e.holdout = 'holdout';
  return e;
}

/** The coupon the form describes (the preview's draft: a blank code or name gets a placeholder). */
function draftCoupon(f: Record<Field, string>): CouponDefinitionJson {
  const id = f.code.trim() || 'draft-coupon';
  return {
    id, name: f.name.trim() || id, scope: 'order', amount: fen(f.amount),
    ...(f.threshold.trim() ? { threshold: fen(f.threshold) } : {}),
    ...(f.validFrom.trim() ? { validFrom: f.validFrom.trim() } : {}),
    ...(f.validTo.trim() ? { validTo: f.validTo.trim() } : {}),
  };
}

/**
 * 新建优惠券批次: an order coupon (满X减Y) with its validity window and limits, posted to the coupon-batch API; the batches created here are listed.
 * Live preview: the sample cart quoted with the store's active promotions plus the draft coupon applied.
 */
export function CouponBatchEditor({ promotions, batches, onCreated }: { promotions: PromotionDto[]; batches: CouponBatchDto[]; onCreated: (b: CouponBatchDto) => void }) {
  const { t, fmt } = useI18n();
  const errorText = useErrorText();
  const [f, setF] = useState<Record<Field, string>>({ code: '', name: '', amount: '', threshold: '', validFrom: '', validTo: '', perCustomer: '1', total: '', holdout: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, ErrKey>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [lines, setLines] = useState(DEFAULT_SAMPLE_CART);

  // The preview needs only the fields that shape the discount; it waits until those are valid.
  const previewRules = useMemo<{ rules: PricingRulesJson; code: string } | null>(() => {
    const e = validateCouponForm(f);
    if (e.amount || e.threshold || e.validFrom || e.validTo || (e.code && e.code !== 'required') || (e.name && e.name !== 'required')) return null;
    const coupon = draftCoupon(f);
    return { rules: { promotions: promotions.filter((p) => p.status === 'active').map((p) => p.definition), coupons: [coupon] }, code: coupon.id };
  }, [f, promotions]);
  const preview = useLivePreview(previewRules?.rules ?? null, lines, previewRules ? [previewRules.code] : []);

  const submit = async () => {
    const e = validateCouponForm(f);
    setErrors(e);
    setCreated(null);
    if (Object.keys(e).length > 0) return;
    const definition: CouponDefinitionJson = {
      id: f.code.trim(), name: f.name.trim(), scope: 'order', amount: fen(f.amount),
      ...(f.threshold.trim() ? { threshold: fen(f.threshold) } : {}),
      ...(f.validFrom.trim() ? { validFrom: f.validFrom.trim() } : {}),
      ...(f.validTo.trim() ? { validTo: f.validTo.trim() } : {}),
      perCustomerLimit: Number(f.perCustomer),
      ...(f.total.trim() ? { totalQuantity: Number(f.total) } : {}),
    };
    try {
      const b = await createCouponBatch({ definition, maxPerCustomer: Number(f.perCustomer), ...(f.holdout.trim() ? { holdoutShare: Number(f.holdout) / 100 } : {}) });
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
      <input data-testid={`coupon-${field}`} size={size} placeholder={placeholder} value={f[field]} onChange={(e) => setF({ ...f, [field]: e.target.value })} aria-invalid={errors[field] ? true : undefined} />
      {errors[field] && <span className="field-error" data-testid={`coupon-err-${field}`} style={{ color: '#c8102e' }}>{t(`couponEdit.err.${errors[field]}`)}</span>}
    </label>
  );

  return (
    <section data-testid="coupon-editor">
      <h2>{t('couponEdit.title')}</h2>
      <div>{input('code')} {input('name', 16)}</div>
      <div>{input('threshold', 6)} {input('amount', 6)}</div>
      <div>{input('validFrom', 16, 'YYYY-MM-DD HH:mm')} {input('validTo', 16, 'YYYY-MM-DD HH:mm')}</div>
      <div>{input('perCustomer', 3)} {input('total', 6)} {input('holdout', 4)}</div>
      <SampleCart lines={lines} onChange={setLines} prefix="coupon-" />
      <QuotePreview quote={preview.quote} at={preview.at} prefix="coupon-" />
      {(error ?? preview.error) && <div className="page-state error" role="alert" data-testid="coupon-error">{t('error.generic', { message: errorText((error ?? preview.error)!) })}</div>}
      <button type="button" data-testid="coupon-create" onClick={() => void submit()}>{t('couponEdit.create')}</button>
      {created && <span data-testid="coupon-created"> {t('couponEdit.created', { name: created })}</span>}
      {batches.length > 0 && (
        <table data-testid="coupon-list">
          <thead><tr><th>{t('couponEdit.code')}</th><th>{t('couponEdit.name')}</th><th>{t('couponEdit.rule')}</th><th>{t('couponEdit.window')}</th><th>{t('couponEdit.limits')}</th><th>{t('couponEdit.issued')}</th></tr></thead>
          <tbody>{batches.map((b) => (
            <tr key={b.code} data-code={b.code}>
              <td>{b.code}</td>
              <td>{b.name}</td>
              <td data-testid="coupon-rule">{t('couponEdit.ruleText', { threshold: fmt.money(b.definition.threshold ?? 0, 'CNY'), amount: fmt.money(b.definition.amount ?? 0, 'CNY') })}</td>
              <td>{b.definition.validFrom ?? '—'} ~ {b.definition.validTo ?? '—'}</td>
              <td>{t('couponEdit.limitsText', { per: String(b.maxPerCustomer), total: b.definition.totalQuantity === undefined ? '∞' : String(b.definition.totalQuantity) })}</td>
              <td>{b.issued} / {b.redeemed}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { createPromotion, fetchPromotions, type PricingRulesJson, type CouponBatchDto, type PromotionDto } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { localToday } from '../overview/date-range';
import { holidaysOf } from './holidays';
import { CouponBatchEditor } from './coupon-batch-editor';
import { CouponBatchList } from './coupon-batch-list';
import { PromotionResults } from './promotion-results';
import { DEFAULT_SAMPLE_CART, QuotePreview, SampleCart, useLivePreview } from './quote-preview';

const fen = (yuan: string) => Math.round(Number(yuan) * 100);
const addMonths = (month: string, k: number) => {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + k);
  return d.toISOString().slice(0, 7);
};

/** Whether a promotion runs on a business date (its schedule's days, in store time). */
function runsOn(p: PromotionDto, date: string): boolean {
  const s = p.definition.schedule;
  if (p.status !== 'active') return false;
  if (s?.start && `${date} 23:59:59` < s.start.replace('T', ' ')) return false;
  if (s?.end && `${date} 00:00:00` >= s.end.replace('T', ' ')) return false;
  return true;
}

/** 营销活动: the promotion calendar with the holiday calendar, the list, and a 满减 editor with a live quote preview. */
export function PromotionsPage() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const today = useMemo(() => localToday(new Date()), []);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [promotions, setPromotions] = useState<PromotionDto[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [draft, setDraft] = useState({ id: 'mj-new', name: '满199减20', t1: '199', d1: '20', t2: '299', d2: '40' });
  const [lines, setLines] = useState(DEFAULT_SAMPLE_CART);
  // The coupon batches on the list's current page (GET /api/pricing/coupon-batches), offered to 活动效果 too.
  const [batches, setBatches] = useState<CouponBatchDto[]>([]);
  const [batchesVersion, setBatchesVersion] = useState(0);

  const reload = () => fetchPromotions().then(setPromotions, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e))));
  useEffect(() => { void reload(); }, []);

  const definition = useMemo(() => {
    const tiers = [[draft.t1, draft.d1], [draft.t2, draft.d2]].filter(([a, b]) => a && b && Number(b) > 0).map(([a, b]) => ({ threshold: fen(a!), discount: fen(b!) }));
    return { id: draft.id, name: draft.name, kind: 'threshold' as const, tiers };
  }, [draft]);

  // Live preview: the draft stacked with the store's active promotions, on the trial cart.
  const rules = useMemo<PricingRulesJson | null>(() => (definition.tiers.length === 0 ? null
    : { promotions: [...promotions.filter((p) => p.status === 'active' && p.code !== definition.id).map((p) => p.definition), definition] }), [definition, promotions]);
  const { quote, error: previewError } = useLivePreview(rules, lines);
  // As before the extraction: a preview error shows on the page, the next successful preview clears it.
  useEffect(() => { if (previewError) setError(previewError); else if (quote) setError(null); }, [previewError, quote]);

  const save = async () => {
    try {
      const p = await createPromotion(definition);
      setSaved(p.name);
      setError(null);
      await reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)));
    }
  };

  const days = useMemo(() => {
    const first = new Date(`${month}-01T00:00:00Z`);
    const n = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    const lead = (first.getUTCDay() + 6) % 7;
    return { n, lead };
  }, [month]);
  const holidays = useMemo(() => holidaysOf(month), [month]);

  return (
    <div className="analytics-page promotions" data-testid="promotions">
      <div className="page-head"><h1>{t('promo.title')}</h1></div>
      {error && <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(error) })}</div>}

      <section data-testid="promo-calendar">
        <h2>{t('promo.calendar')}</h2>
        <div>
          <button type="button" onClick={() => setMonth(addMonths(month, -1))}>{t('promo.prevMonth')}</button>{' '}
          <strong data-testid="promo-month">{month}</strong>{' '}
          <button type="button" onClick={() => setMonth(addMonths(month, 1))}>{t('promo.nextMonth')}</button>
        </div>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 8 }}>
          {Array.from({ length: days.lead }, (_, i) => <div key={`x${i}`} />)}
          {Array.from({ length: days.n }, (_, i) => {
            const date = `${month}-${String(i + 1).padStart(2, '0')}`;
            const hs = holidays.get(date) ?? [];
            const ps = promotions.filter((p) => runsOn(p, date));
            return (
              <div key={date} data-testid="promo-day" data-date={date} style={{ border: '1px solid #dde', minHeight: 56, padding: 2, fontSize: 12, background: date === today ? '#fff8e6' : undefined }}>
                <div>{i + 1}</div>
                {hs.map((h) => <div key={h.zh} data-testid="holiday" style={{ color: '#c8102e' }}>{locale === 'zh' ? h.zh : h.en}</div>)}
                {ps.slice(0, 3).map((p) => <div key={p.code} data-testid="promo-chip" title={p.name} style={{ background: '#e8f0fe', overflow: 'hidden', whiteSpace: 'nowrap' }}>{p.name}</div>)}
                {ps.length > 3 && <div>+{ps.length - 3}</div>}
              </div>
            );
          })}
        </div>
      </section>

      <section>
        <h2>{t('promo.list')}</h2>
        <table data-testid="promo-list">
          <thead><tr><th>{t('promo.id')}</th><th>{t('promo.name')}</th><th>{t('promo.kind')}</th><th>{t('promo.status')}</th></tr></thead>
          <tbody>{promotions.map((p) => <tr key={p.code} data-code={p.code}><td>{p.code}</td><td>{p.name}</td><td>{p.kind}</td><td>{p.status}</td></tr>)}</tbody>
        </table>
      </section>

      <section data-testid="promo-editor">
        <h2>{t('promo.editor')}</h2>
        <label>{t('promo.id')} <input data-testid="promo-id" value={draft.id} onChange={(e) => setDraft({ ...draft, id: e.target.value })} /></label>{' '}
        <label>{t('promo.name')} <input data-testid="promo-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label>
        {([1, 2] as const).map((n) => (
          <div key={n}>
            {t('promo.tier', { n: String(n) })}{' '}
            <label>{t('promo.threshold')} <input data-testid={`promo-threshold-${n}`} inputMode="decimal" size={6} value={draft[`t${n}`]} onChange={(e) => setDraft({ ...draft, [`t${n}`]: e.target.value })} /></label>{' '}
            <label>{t('promo.discount')} <input data-testid={`promo-discount-${n}`} inputMode="decimal" size={6} value={draft[`d${n}`]} onChange={(e) => setDraft({ ...draft, [`d${n}`]: e.target.value })} /></label>
          </div>
        ))}
        <SampleCart lines={lines} onChange={setLines} />
        <QuotePreview quote={quote} />
        <button type="button" data-testid="promo-save" onClick={() => void save()}>{t('promo.save')}</button>
        {saved && <span data-testid="promo-saved"> {t('promo.saved', { name: saved })}</span>}
      </section>

      <CouponBatchEditor promotions={promotions} onCreated={() => setBatchesVersion((v) => v + 1)} />
      <CouponBatchList refreshKey={batchesVersion} onLoaded={setBatches} />

      <PromotionResults refs={[...promotions, ...batches].map((p) => ({ code: p.code, name: p.name }))} today={today} />
    </div>
  );
}

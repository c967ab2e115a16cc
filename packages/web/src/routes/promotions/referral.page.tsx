import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';
import {
  fetchCouponBatches, fetchReferralProgramme, fetchReferrals, fetchReferralSummary, saveReferralProgramme,
  type CouponBatchDto, type ReferralDto, type ReferralProgrammeDto, type ReferralSummaryDto,
} from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import { INTL_LOCALE } from '../../i18n/format';
import type { MessageKey } from '../../i18n/zh';
import { useErrorText } from '../login/use-error-text';

const STATUSES = ['pending', 'rewarded', 'rejected'] as const;
type Status = (typeof STATUSES)[number];
/** The list shows the newest this many (the figures above count every referral). */
const LIST_MAX = 200;

interface Draft { enabled: boolean; kind: 'points' | 'coupon'; points: string; batch: string; windowDays: string }
const draftOf = (p: ReferralProgrammeDto): Draft => ({
  enabled: p.enabled, kind: p.reward?.kind ?? 'points',
  points: p.reward?.kind === 'points' ? String(p.reward.points) : '', batch: p.reward?.kind === 'coupon' ? p.reward.batch : '',
  windowDays: String(p.windowDays),
});

/**
 * 老带新: the programme settings (GET/PUT /api/pricing/referral-programme), its figures
 * (GET /api/pricing/referrals/summary: pending, rewarded, blocked by the abuse guards, refunded,
 * rewards granted and owed, reasons) and the referrals themselves (GET /api/pricing/referrals).
 */
export function ReferralPage() {
  const { t, fmt, locale } = useI18n();
  const errorText = useErrorText();
  const [programme, setProgramme] = useState<ReferralProgrammeDto | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<'points' | 'batch' | 'windowDays', MessageKey>>>({});
  const [saved, setSaved] = useState(false);
  const [summary, setSummary] = useState<ReferralSummaryDto | null>(null);
  const [batches, setBatches] = useState<CouponBatchDto[]>([]);
  const [status, setStatus] = useState<Status | ''>('');
  const [list, setList] = useState<ReferralDto[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const fail = (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)));

  useEffect(() => {
    const ctl = new AbortController();
    fetchReferralProgramme(ctl.signal).then((p) => { setProgramme(p); setDraft(draftOf(p)); }, (e: unknown) => { if (!ctl.signal.aborted) fail(e); });
    fetchReferralSummary(ctl.signal).then(setSummary, (e: unknown) => { if (!ctl.signal.aborted) fail(e); });
    fetchCouponBatches(100, 0, ctl.signal).then((l) => setBatches(l.items), (e: unknown) => { if (!ctl.signal.aborted) fail(e); });
    return () => ctl.abort();
  }, []);
  useEffect(() => {
    const ctl = new AbortController();
    fetchReferrals(status || undefined, ctl.signal).then(setList, (e: unknown) => { if (!ctl.signal.aborted) fail(e); });
    return () => ctl.abort();
  }, [status]);

  const save = async () => {
    if (!draft) return;
    setSaved(false);
    const e: typeof fieldErrors = {};
    if (draft.kind === 'points' && !(/^\d+$/.test(draft.points.trim()) && Number(draft.points) > 0)) e.points = 'ref.err.points';
    if (draft.kind === 'coupon' && !draft.batch) e.batch = 'ref.err.batch';
    if (!/^\d+$/.test(draft.windowDays.trim()) || Number(draft.windowDays) > 365) e.windowDays = 'ref.err.window';
    setFieldErrors(e);
    if (Object.keys(e).length > 0) return;
    try {
      const p = await saveReferralProgramme({
        enabled: draft.enabled, windowDays: Number(draft.windowDays),
        reward: draft.kind === 'points' ? { kind: 'points', points: Number(draft.points) } : { kind: 'coupon', batch: draft.batch },
      });
      setProgramme(p);
      setDraft(draftOf(p));
      setSaved(true);
      setError(null);
    } catch (err) { fail(err); }
  };

  const reward = (r: ReferralDto['reward']) => (r.kind === 'points' ? t('ref.rewardPoints', { points: fmt.number(r.points) }) : t('ref.rewardCoupon', { batch: r.batch }));
  const reason = (r: string | null) => (r === null ? '' : t(`ref.reason.${r}` as MessageKey));
  const err = (f: keyof typeof fieldErrors) => fieldErrors[f] && <span className="field-error" data-testid={`ref-err-${f}`} style={{ color: '#c8102e' }}>{t(fieldErrors[f])}</span>;
  const figure = (key: MessageKey, value: number, testid: string) => (
    <div className="kpi" style={{ display: 'inline-block', minWidth: 120, marginRight: 12 }}>
      <div style={{ fontSize: 12, color: '#666' }}>{t(key)}</div>
      <strong data-testid={testid}>{fmt.number(value)}</strong>
    </div>
  );

  return (
    <div className="analytics-page referral" data-testid="referral">
      <div className="page-head"><h1>{t('ref.title')}</h1></div>
      {error && <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(error) })}</div>}

      {draft && programme && (
        <section data-testid="ref-settings">
          <h2>{t('ref.settings')}</h2>
          {!programme.configured && <p className="hint" data-testid="ref-not-configured">{t('ref.notConfigured')}</p>}
          <p data-testid="ref-rule">{t('ref.rule', { days: String(programme.windowDays) })}</p>
          <label><input type="checkbox" data-testid="ref-enabled" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> {t('ref.enabled')}</label>
          <div>
            <label>{t('ref.rewardKind')}{' '}
              <select data-testid="ref-reward-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Draft['kind'] })}>
                <option value="points">{t('ref.reward.points')}</option>
                <option value="coupon">{t('ref.reward.coupon')}</option>
              </select>
            </label>{' '}
            {draft.kind === 'points'
              ? <label>{t('ref.points')} <input data-testid="ref-points" size={6} inputMode="numeric" value={draft.points} onChange={(e) => setDraft({ ...draft, points: e.target.value })} /> {err('points')}</label>
              : <label>{t('ref.batch')}{' '}
                <select data-testid="ref-batch" value={draft.batch} onChange={(e) => setDraft({ ...draft, batch: e.target.value })}>
                  <option value="">—</option>
                  {batches.map((b) => <option key={b.code} value={b.code}>{b.name} ({b.code})</option>)}
                </select> {err('batch')}</label>}
          </div>
          <label>{t('ref.window')} <input data-testid="ref-window" size={4} inputMode="numeric" value={draft.windowDays} onChange={(e) => setDraft({ ...draft, windowDays: e.target.value })} /> {err('windowDays')}</label>
          <div>
            <button type="button" data-testid="ref-save" onClick={() => void save()}>{t('ref.save')}</button>
            {saved && <span data-testid="ref-saved"> {t('ref.saved')}</span>}
          </div>
        </section>
      )}

      {summary && (
        <section data-testid="ref-figures">
          <h2>{t('ref.figures')}</h2>
          <div>
            {figure('ref.referrals', summary.referrals, 'ref-total')}
            {figure('ref.inviters', summary.inviters, 'ref-inviters')}
            {figure('ref.pending', summary.pending, 'ref-pending')}
            {figure('ref.awaiting', summary.awaitingWindow, 'ref-awaiting')}
            {figure('ref.rewarded', summary.rewarded, 'ref-rewarded')}
            {figure('ref.blocked', summary.blocked, 'ref-blocked')}
            {figure('ref.refunded', summary.refundedOrCancelled, 'ref-refunded')}
          </div>
          <div>
            {figure('ref.pointsGranted', summary.pointsGranted, 'ref-points-granted')}
            {figure('ref.couponsGranted', summary.couponsGranted, 'ref-coupons-granted')}
            {figure('ref.pointsPending', summary.pointsPending, 'ref-points-pending')}
            {figure('ref.couponsPending', summary.couponsPending, 'ref-coupons-pending')}
          </div>
          {Object.keys(summary.byReason).length > 0 && (<>
            <h3>{t('ref.byReason')}</h3>
            <table data-testid="ref-reasons">
              <tbody>{Object.entries(summary.byReason).map(([r, n]) => <tr key={r} data-reason={r}><td>{reason(r)}</td><td data-testid="ref-reason-count">{fmt.number(n)}</td></tr>)}</tbody>
            </table>
          </>)}
        </section>
      )}

      <section>
        <h2>{t('ref.list')}</h2>
        <label>{t('ref.filter')}{' '}
          <select data-testid="ref-status-filter" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">{t('ref.all')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`ref.status.${s}`)}</option>)}
          </select>
        </label>
        {list && list.length === 0 && <div className="page-state" data-testid="ref-empty">{t('ref.none')}</div>}
        {list && list.length > 0 && (<>
          <p data-testid="ref-shown">{t('ref.shown', { shown: String(Math.min(LIST_MAX, list.length)), total: String(list.length) })}</p>
          <table data-testid="ref-list">
            <thead><tr><th>{t('ref.id')}</th><th>{t('ref.inviter')}</th><th>{t('ref.invitee')}</th><th>{t('ref.referredAt')}</th><th>{t('ref.reward')}</th><th>{t('ref.status')}</th><th>{t('ref.reason')}</th><th>{t('ref.firstOrder')}</th><th>{t('ref.rewardRef')}</th></tr></thead>
            <tbody>{[...list].reverse().slice(0, LIST_MAX).map((r) => (
              <tr key={r.id} data-id={r.id} data-status={r.status}>
                <td>{r.id}</td><td>#{r.inviterId}</td><td>#{r.inviteeId}</td><td>{new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'short', timeStyle: 'short' }).format(new Date(r.referredAt))}</td>
                <td>{reward(r.reward)}</td><td data-testid="ref-row-status">{t(`ref.status.${r.status}`)}</td><td data-testid="ref-row-reason">{reason(r.reason)}</td>
                <td>{r.firstOrderId ?? '—'}</td><td>{r.rewardRef ?? '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        </>)}
      </section>
    </div>
  );
}

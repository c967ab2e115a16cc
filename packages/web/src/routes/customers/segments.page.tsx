import type { SegmentCondition, SegmentRule } from '@zhanggui/contracts';
import { useState } from 'react';
import { ApiError } from '../../api/api-client';
import { countSegmentRule, createSegment, fetchSegments } from '../../api/customers-intel.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { StateView } from './customers.page';
import { useLoad } from './use-load';

const LIST_FIELDS = ['rfmGroup', 'stratum', 'lifecycle', 'churnRisk', 'tier', 'channel', 'region', 'productBought'] as const;
const RANGE_FIELDS = ['clv', 'totalSpend', 'lastOrderDays'] as const;
type Field = (typeof LIST_FIELDS)[number] | (typeof RANGE_FIELDS)[number] | 'consentMarketing';
interface Draft { field: Field; values: string; min: string; max: string; is: boolean }

const blank = (): Draft => ({ field: 'lifecycle', values: '', min: '', max: '', is: true });

/** A draft row as a rule condition (values split on commas, 、 or ，). */
export function toCondition(d: Draft): SegmentCondition {
  if ((LIST_FIELDS as readonly string[]).includes(d.field)) {
    return { field: d.field, in: d.values.split(/[,，、]/).map((v) => v.trim()).filter(Boolean) } as SegmentCondition;
  }
  if (d.field === 'consentMarketing') return { field: 'consentMarketing', is: d.is };
  const n = (s: string) => (s.trim() === '' ? undefined : Number(s));
  return { field: d.field, ...(n(d.min) !== undefined ? { min: n(d.min) } : {}), ...(n(d.max) !== undefined ? { max: n(d.max) } : {}) } as SegmentCondition;
}

/** 分群: build a rule of conditions joined by AND or OR, count it live, save it; the segments list below. */
export function SegmentsPage() {
  const { t, fmt } = useI18n();
  const errorText = useErrorText();
  const [name, setName] = useState('');
  const [op, setOp] = useState<'and' | 'or'>('and');
  const [rows, setRows] = useState<Draft[]>([blank()]);
  const [count, setCount] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [segments, reload] = useLoad((s) => fetchSegments(s), []);
  const rule = (): SegmentRule => ({ op, rules: rows.map(toCondition) });
  const set = (i: number, patch: Partial<Draft>) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const fail = (e: unknown) => setMessage(t('error.generic', { message: errorText(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e))) }));

  return (
    <div className="segments" data-testid="segments">
      <div className="page-head"><h1>{t('seg.title')}</h1></div>
      <section data-testid="segment-builder">
        <h2>{t('seg.builder')}</h2>
        <label>{t('seg.name')} <input data-testid="seg-name" value={name} onChange={(e) => setName(e.target.value)} /></label>{' '}
        <label>{t('seg.match')}{' '}
          <select data-testid="seg-op" value={op} onChange={(e) => setOp(e.target.value as 'and' | 'or')}>
            <option value="and">{t('seg.and')}</option><option value="or">{t('seg.or')}</option>
          </select>
        </label>
        {rows.map((r, i) => (
          <div key={i} className="seg-condition" data-testid="seg-condition">
            <select data-testid="seg-field" value={r.field} onChange={(e) => set(i, { field: e.target.value as Field })}>
              {[...LIST_FIELDS, ...RANGE_FIELDS, 'consentMarketing'].map((f) => <option key={f} value={f}>{f}</option>)}
            </select>{' '}
            {(LIST_FIELDS as readonly string[]).includes(r.field) && <input data-testid="seg-values" placeholder={t('seg.values')} value={r.values} onChange={(e) => set(i, { values: e.target.value })} />}
            {(RANGE_FIELDS as readonly string[]).includes(r.field) && (
              <>
                <input data-testid="seg-min" placeholder={t('seg.min')} value={r.min} onChange={(e) => set(i, { min: e.target.value })} size={8} />{' '}
                <input data-testid="seg-max" placeholder={t('seg.max')} value={r.max} onChange={(e) => set(i, { max: e.target.value })} size={8} />
              </>
            )}
            {r.field === 'consentMarketing' && <input type="checkbox" data-testid="seg-is" checked={r.is} onChange={(e) => set(i, { is: e.target.checked })} />}
            {' '}<button type="button" onClick={() => setRows((rs) => rs.filter((_, k) => k !== i))}>{t('seg.remove')}</button>
          </div>
        ))}
        <p>
          <button type="button" data-testid="seg-add" onClick={() => setRows((rs) => [...rs, blank()])}>{t('seg.addCondition')}</button>{' '}
          <button type="button" data-testid="seg-count" onClick={() => { setMessage(null); countSegmentRule(rule()).then((r) => setCount(r.count), fail); }}>{t('seg.count')}</button>{' '}
          <button type="button" data-testid="seg-save" disabled={name.trim() === ''}
            onClick={() => { setMessage(null); createSegment({ name: name.trim(), rule: rule() }).then(() => { setMessage(t('seg.saved')); reload(); }, fail); }}>{t('seg.save')}</button>
        </p>
        {count !== null && <p data-testid="seg-count-result">{t('seg.countResult', { n: fmt.number(count) })}</p>}
        {message && <p data-testid="seg-message" role="status">{message}</p>}
      </section>
      <section>
        <h2>{t('seg.existing')}</h2>
        <StateView state={segments}>
          {(list) => (
            <table data-testid="segment-list">
              <thead><tr><th>{t('seg.name')}</th><th>{t('seg.members')}</th><th>{t('seg.computed')}</th></tr></thead>
              <tbody>{list.map((s) => <tr key={s.id} data-testid="segment-row"><td>{s.name}</td><td>{fmt.number(s.members)}</td><td>{s.computedOn ?? '-'}</td></tr>)}</tbody>
            </table>
          )}
        </StateView>
      </section>
    </div>
  );
}

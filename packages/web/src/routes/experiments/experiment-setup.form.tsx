import { useState } from 'react';
import { ApiError } from '../../api/api-client';
import { createExperiment, type ExperimentDto } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { useErrorText } from '../login/use-error-text';

const KINDS = ['page', 'price', 'promotion', 'message'] as const;
type Kind = (typeof KINDS)[number];
export const UNITS = ['customer', 'visitor', 'session'] as const;
export const METRICS = ['conversion', 'revenue', 'aov', 'repurchase'] as const;
type Unit = (typeof UNITS)[number];
type Metric = (typeof METRICS)[number];
interface VariantDraft { name: string; weight: string }
/** startAt / endAt: the browser's local wall-clock time of a datetime-local input (YYYY-MM-DDTHH:mm), '' = none. */
interface Draft { code: string; name: string; kind: Kind; unit: Unit; primaryMetric: Metric; startAt: string; endAt: string; variants: VariantDraft[] }
/** Field → message key (or a server message), shown next to the field. */
type Errors = Partial<Record<string, { key: MessageKey } | { text: string }>>;

/** A datetime-local value as an ISO instant (the browser's time zone), or null when it is not a time. */
const instantOf = (local: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

const EMPTY: Draft = { code: '', name: '', kind: 'page', unit: 'customer', primaryMetric: 'conversion', startAt: '', endAt: '', variants: [{ name: 'control', weight: '1' }, { name: 'treatment', weight: '1' }] };

/** Checks the draft as the API's createExperimentBody does (so errors show per field before posting). */
export function validateExperimentDraft(d: Draft): Errors {
  const e: Errors = {};
  const code = d.code.trim();
  if (!code) e.code = { key: 'expSetup.err.required' };
  else if (code.length > 64 || !/^[a-z0-9_-]+$/.test(code)) e.code = { key: 'expSetup.err.code' };
  if (!d.name.trim()) e.name = { key: 'expSetup.err.required' };
  else if (d.name.trim().length > 200) e.name = { key: 'expSetup.err.tooLong' };
  if (d.unit === 'session' && d.primaryMetric === 'repurchase') e.primaryMetric = { key: 'expSetup.err.sessionRepurchase' };
  const start = d.startAt.trim() ? instantOf(d.startAt.trim()) : null;
  const end = d.endAt.trim() ? instantOf(d.endAt.trim()) : null;
  if (d.startAt.trim() && !start) e.startAt = { key: 'expSetup.err.time' };
  if (d.endAt.trim() && !end) e.endAt = { key: 'expSetup.err.time' };
  else if (end && new Date(end).getTime() <= (start ? new Date(start).getTime() : Date.now())) e.endAt = { key: 'expSetup.err.window' };
  const seen = new Set<string>();
  d.variants.forEach((v, i) => {
    const n = v.name.trim();
    if (!n) e[`variant-name-${i}`] = { key: 'expSetup.err.required' };
    else if (seen.has(n)) e[`variant-name-${i}`] = { key: 'expSetup.err.duplicate' };
    seen.add(n);
    const w = Number(v.weight);
    if (v.weight.trim() === '' || !Number.isFinite(w) || w <= 0 || w > 1000) e[`variant-weight-${i}`] = { key: 'expSetup.err.weight' };
  });
  return e;
}

/**
 * 新建实验: code, name, what is tested, the unit randomised (customer, visitor, session), the primary
 * metric decided in advance, start (empty = when saved) and planned end, variants with weights (the
 * first is the control).
 */
export function ExperimentSetupForm({ onCreated }: { onCreated: (x: ExperimentDto) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const setVariant = (i: number, patch: Partial<VariantDraft>) => setDraft({ ...draft, variants: draft.variants.map((v, k) => (k === i ? { ...v, ...patch } : v)) });
  const errorOf = (field: string) => {
    const err = errors[field];
    if (!err) return null;
    return <span className="field-error" role="alert" data-testid={`exp-err-${field}`}>{'key' in err ? t(err.key) : err.text}</span>;
  };

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    setSaved(null);
    const e = validateExperimentDraft(draft);
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    setSaving(true);
    try {
      const x = await createExperiment({
        code: draft.code.trim(), name: draft.name.trim(), kind: draft.kind, unit: draft.unit, primaryMetric: draft.primaryMetric,
        ...(draft.startAt.trim() ? { startAt: instantOf(draft.startAt.trim())! } : {}),
        ...(draft.endAt.trim() ? { endAt: instantOf(draft.endAt.trim())! } : {}),
        variants: draft.variants.map((v) => ({ name: v.name.trim(), weight: Number(v.weight) })),
      });
      setSaved(x.name);
      setDraft(EMPTY);
      onCreated(x);
    } catch (err) {
      const api = err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err));
      // A taken code is the code field's error; anything else goes to the form.
      setErrors(api.code === 'conflict' ? { code: { key: 'expSetup.err.taken' } } : { form: { text: errorText(api) } });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="exp-setup" data-testid="exp-setup" onSubmit={submit} noValidate>
      <h2>{t('expSetup.title')}</h2>
      <p className="hint">{t('expSetup.hint')}</p>
      <label>{t('expSetup.code')} <input data-testid="exp-code" value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} /></label> {errorOf('code')}<br />
      <label>{t('expSetup.name')} <input data-testid="exp-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label> {errorOf('name')}<br />
      <label>{t('expSetup.kind')}{' '}
        <select data-testid="exp-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`expSetup.kind.${k}` as MessageKey)}</option>)}
        </select>
      </label>{' '}
      <label>{t('expSetup.unit')}{' '}
        <select data-testid="exp-unit" value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.target.value as Unit })}>
          {UNITS.map((u) => <option key={u} value={u}>{t(`expSetup.unit.${u}`)}</option>)}
        </select>
      </label>{' '}
      <label>{t('expSetup.primaryMetric')}{' '}
        <select data-testid="exp-primary-metric" value={draft.primaryMetric} onChange={(e) => setDraft({ ...draft, primaryMetric: e.target.value as Metric })}>
          {METRICS.map((m) => <option key={m} value={m}>{t(`exp.metric.${m}`)}</option>)}
        </select>
      </label> {errorOf('primaryMetric')}<br />
      <label>{t('expSetup.startAt')} <input type="datetime-local" data-testid="exp-start" value={draft.startAt} onChange={(e) => setDraft({ ...draft, startAt: e.target.value })} /></label> {errorOf('startAt')}{' '}
      <label>{t('expSetup.endAt')} <input type="datetime-local" data-testid="exp-end" value={draft.endAt} onChange={(e) => setDraft({ ...draft, endAt: e.target.value })} /></label> {errorOf('endAt')}
      <fieldset>
        <legend>{t('expSetup.variants')}</legend>
        {draft.variants.map((v, i) => (
          <div key={i} data-testid="exp-variant">
            <label>{i === 0 ? t('expSetup.control') : t('expSetup.variant', { n: i })} <input data-testid={`exp-variant-name-${i}`} value={v.name} onChange={(e) => setVariant(i, { name: e.target.value })} /></label> {errorOf(`variant-name-${i}`)}{' '}
            <label>{t('expSetup.weight')} <input data-testid={`exp-variant-weight-${i}`} inputMode="decimal" size={5} value={v.weight} onChange={(e) => setVariant(i, { weight: e.target.value })} /></label> {errorOf(`variant-weight-${i}`)}
            {i >= 2 && <button type="button" data-testid={`exp-variant-remove-${i}`} onClick={() => setDraft({ ...draft, variants: draft.variants.filter((_, k) => k !== i) })}>{t('expSetup.remove')}</button>}
          </div>
        ))}
        {draft.variants.length < 10 && <button type="button" data-testid="exp-variant-add" onClick={() => setDraft({ ...draft, variants: [...draft.variants, { name: '', weight: '1' }] })}>{t('expSetup.add')}</button>}
      </fieldset>
      {errorOf('form')}
      <button type="submit" data-testid="exp-create" disabled={saving}>{t('expSetup.create')}</button>
      {saved && <span data-testid="exp-created"> {t('expSetup.created', { name: saved })}</span>}
    </form>
  );
}

import { useState } from 'react';
import { ApiError } from '../../api/api-client';
import { createExperiment, type ExperimentDto } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { useErrorText } from '../login/use-error-text';

const KINDS = ['page', 'price', 'promotion', 'message'] as const;
type Kind = (typeof KINDS)[number];
interface VariantDraft { name: string; weight: string }
interface Draft { code: string; name: string; kind: Kind; variants: VariantDraft[] }
/** Field → message key (or a server message), shown next to the field. */
type Errors = Partial<Record<string, { key: MessageKey } | { text: string }>>;

const EMPTY: Draft = { code: '', name: '', kind: 'page', variants: [{ name: 'control', weight: '1' }, { name: 'treatment', weight: '1' }] };

/** Checks the draft as the API's createExperimentBody does (so errors show per field before posting). */
export function validateExperimentDraft(d: Draft): Errors {
  const e: Errors = {};
  const code = d.code.trim();
  if (!code) e.code = { key: 'expSetup.err.required' };
  else if (code.length > 64 || !/^[a-z0-9_-]+$/.test(code)) e.code = { key: 'expSetup.err.code' };
  if (!d.name.trim()) e.name = { key: 'expSetup.err.required' };
  else if (d.name.trim().length > 200) e.name = { key: 'expSetup.err.tooLong' };
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

/** 新建实验: code, name, what is tested, variants with weights (the first is the control). It starts when saved. */
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
        code: draft.code.trim(), name: draft.name.trim(), kind: draft.kind,
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
      </label>
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

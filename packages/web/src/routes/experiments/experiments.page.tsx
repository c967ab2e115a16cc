import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { fetchExperimentResults, fetchExperiments, type ExperimentDto, type ExperimentResultsDto } from '../../api/pricing.api';
import { useI18n } from '../../i18n/i18n-context';
import { INTL_LOCALE } from '../../i18n/format';
import type { MessageKey } from '../../i18n/zh';
import { useErrorText } from '../login/use-error-text';
import { ExperimentSetupForm, METRICS } from './experiment-setup.form';

/** A/B 实验: pick an experiment and a metric; every variant against the control. */
export function ExperimentsPage() {
  const { t, fmt, locale } = useI18n();
  const errorText = useErrorText();
  const [list, setList] = useState<ExperimentDto[] | null>(null);
  const [code, setCode] = useState<string | null>(null);
  // null: the experiment's primary metric (the API's default).
  const [metric, setMetric] = useState<(typeof METRICS)[number] | null>(null);
  const [res, setRes] = useState<ExperimentResultsDto | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const fail = (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)));

  useEffect(() => {
    fetchExperiments().then((l) => { setList(l); setCode((c) => c ?? l[0]?.code ?? null); }, fail);
  }, []);
  useEffect(() => {
    if (!code) return undefined;
    const ctl = new AbortController();
    setRes(null);
    fetchExperimentResults(code, metric ?? undefined, ctl.signal).then((r) => { setRes(r); setError(null); }, (e: unknown) => { if (!ctl.signal.aborted) fail(e); });
    return () => ctl.abort();
  }, [code, metric]);

  const current = list?.find((x) => x.code === code) ?? null;
  const when = (iso: string | null) => (iso === null ? t('exp.open') : new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)));
  const num = (v: number | null, d = 4) => (v === null ? '—' : v.toFixed(d));
  const pct = (v: number | null) => (v === null ? '—' : fmt.percent(v, 2));
  return (
    <div className="analytics-page experiments" data-testid="experiments">
      <div className="page-head">
        <h1>{t('exp.title')}</h1>
        <label>{t('exp.experiment')}{' '}
          <select data-testid="exp-select" value={code ?? ''} onChange={(e) => { setCode(e.target.value); setMetric(null); }}>
            {(list ?? []).map((x) => <option key={x.code} value={x.code}>{x.name} ({x.code})</option>)}
          </select>
        </label>{' '}
        <label>{t('exp.metric')}{' '}
          <select data-testid="exp-metric" value={metric ?? current?.primaryMetric ?? 'conversion'} onChange={(e) => setMetric(e.target.value as (typeof METRICS)[number])}>
            {METRICS.map((m) => <option key={m} value={m}>{t(`exp.metric.${m}` as MessageKey)}{m === current?.primaryMetric ? t('exp.primary') : ''}</option>)}
          </select>
        </label>
      </div>
      {error && <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(error) })}</div>}
      {list && list.length === 0 && <div className="page-state" data-testid="empty">{t('exp.none')}</div>}
      {res && (
        <>
          <p data-testid="exp-info" data-metric={res.metric} data-primary={String(res.primary)} data-unit={res.unit}>
            {t(`exp.metric.${res.metric}`)}{res.primary ? t('exp.primary') : ''} · {t('exp.unitIs', { unit: t(`expSetup.unit.${res.unit}`) })}
            {current && <> · {t('exp.window', { start: when(current.startedAt), end: when(current.endsAt ?? current.stoppedAt) })}</>}
          </p>
          <table data-testid="exp-results">
            <thead><tr><th>{t('exp.variant')}</th><th>{t('exp.n')}</th><th>{t('exp.mean')}</th><th>{t('exp.lift')}</th><th>{t('exp.ci')}</th><th>{t('exp.p')}</th><th>{t('exp.win')}</th><th>{t('exp.loss')}</th></tr></thead>
            <tbody>
              {res.result.variants.map((v, i) => (
                <tr key={v.name} data-testid="exp-row" data-variant={v.name}>
                  <td>{v.name}</td>
                  <td>{fmt.number(res.summary.variants[i]!.n)}</td>
                  <td data-testid="exp-mean">{num(v.mean)}</td>
                  <td data-testid="exp-lift">{pct(v.relativeLift)}</td>
                  <td>{v.ci ? `${pct(v.ci[0])} … ${pct(v.ci[1])}` : '—'}</td>
                  <td data-testid="exp-p">{num(v.pValue)}</td>
                  <td data-testid="exp-win">{pct(v.chanceToWin)}</td>
                  <td>{num(v.expectedLoss, 6)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="exp-srm">{t('exp.srm', { p: res.result.srmPValue.toFixed(4) })}{res.result.srmPValue < 0.001 ? t('exp.srmBad') : ''}</p>
        </>
      )}
      <ExperimentSetupForm onCreated={(x) => { setList((l) => [...(l ?? []), x]); setError(null); setCode(x.code); }} />
    </div>
  );
}

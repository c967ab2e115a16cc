import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { useErrorText } from '../login/use-error-text';
import { DateRangePicker } from '../overview/date-range-picker';
import { localToday, presetRange, type DateRange, type RangePreset } from '../overview/date-range';
import type { Loadable } from './use-loadable';
import './analytics.css';

/** The page's range, a preset (default the last 30 days) or a custom one. */
export function useRange(initial: Exclude<RangePreset, 'custom'> = 'last30') {
  const today = useMemo(() => localToday(new Date()), []);
  const rangeOf = useCallback((p: Exclude<RangePreset, 'custom'>) => presetRange(p, today), [today]);
  const [preset, setPreset] = useState<RangePreset>(initial);
  const [range, setRange] = useState<DateRange>(() => rangeOf(initial));
  const picker = <DateRangePicker preset={preset} range={range} presetRange={rangeOf} onChange={(p, r) => { setPreset(p); setRange(r); }} />;
  return { preset, range, picker, today };
}

/** A page: its title and tools, then loading, error, empty or its content. */
export function PageFrame<T>({ title, testId, tools, state, empty, children }: {
  title: MessageKey; testId: string; tools?: ReactNode; state: Loadable<T>; empty?: (data: T) => boolean; children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (
    <div className="analytics-page" data-testid={testId}>
      <div className="page-head"><h1>{t(title)}</h1>{tools}</div>
      {state.status === 'loading' && <div className="page-state" data-testid="loading">{t('state.loading')}</div>}
      {state.status === 'error' && <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(state.error) })}</div>}
      {state.status === 'ready' && empty?.(state.data) && <div className="page-state" data-testid="empty">{t('state.empty')}</div>}
      {state.status === 'ready' && !empty?.(state.data) && children(state.data)}
    </div>
  );
}

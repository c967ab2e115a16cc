import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { addDays, comparisonPeriod, PRESETS, type CompareMode, type DateRange, type RangePreset } from './date-range';

interface Props {
  preset: RangePreset;
  range: DateRange;
  onChange(preset: RangePreset, range: DateRange): void;
  presetRange(preset: Exclude<RangePreset, 'custom'>): DateRange;
  /** The comparison period (环比 by default, or 同比); given with onCompare, a switch is shown. */
  compare?: CompareMode;
  onCompare?(mode: CompareMode): void;
}

const LABEL: Record<RangePreset, MessageKey> = {
  last7: 'range.last7', last30: 'range.last30', thisMonth: 'range.thisMonth', lastMonth: 'range.lastMonth', custom: 'range.custom',
};

/** Preset buttons, a custom from/to (both inclusive on screen, half-open for the API), and the comparison shown. */
export function DateRangePicker({ preset, range, onChange, presetRange, compare = 'previous', onCompare }: Props) {
  const { t, fmt } = useI18n();
  const [customOpen, setCustomOpen] = useState(preset === 'custom');
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(addDays(range.to, -1));
  const prev = comparisonPeriod(preset, range, compare);
  const shown = (r: DateRange) => ({ from: fmt.date(r.from), to: fmt.date(addDays(r.to, -1)) });

  return (
    <div className="range-picker" data-testid="range-picker">
      <div className="segmented" role="group" aria-label={t('range.label')}>
        {PRESETS.map((p) => (
          <button key={p} type="button" className={p === preset ? 'active' : ''} aria-pressed={p === preset} data-preset={p}
            onClick={() => { setCustomOpen(false); onChange(p, presetRange(p)); }}>{t(LABEL[p])}</button>
        ))}
        <button type="button" className={preset === 'custom' ? 'active' : ''} aria-pressed={preset === 'custom'} data-preset="custom"
          onClick={() => setCustomOpen((o) => !o)}>{t(LABEL.custom)}</button>
      </div>
      {customOpen && (
        <form className="custom-range" onSubmit={(e) => { e.preventDefault(); if (from <= to) onChange('custom', { from, to: addDays(to, 1) }); }}>
          <label>{t('range.from')} <input type="date" name="from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} required /></label>
          <label>{t('range.to')} <input type="date" name="to" value={to} min={from} onChange={(e) => setTo(e.target.value)} required /></label>
          <button type="submit" className="primary">{t('range.apply')}</button>
        </form>
      )}
      <p className="range-summary" data-testid="range-summary">
        <strong>{t('range.current', shown(range))}</strong>
        <span className="muted">{t(compare === 'last_year' ? 'range.compareLastYear' : 'range.compare', shown(prev))}</span>
        {onCompare && (
          <select aria-label={t('range.compareWith')} data-testid="compare-mode" value={compare} onChange={(e) => onCompare(e.target.value as CompareMode)}>
            <option value="previous">{t('range.comparePrevious')}</option>
            <option value="last_year">{t('range.compareSameLastYear')}</option>
          </select>
        )}
      </p>
    </div>
  );
}

import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { useErrorText } from '../login/use-error-text';
import type { Loadable } from './use-data';
import './replenishment.css';

/** Title, then loading / error / empty / content, the same on the four pages. */
export function Frame<T>({ title, testId, state, empty, children }: { title: MessageKey; testId: string; state: Loadable<T>; empty?: (d: T) => boolean; children: (d: T) => ReactNode }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (
    <div className="rep-page" data-testid={testId}>
      <div className="page-head"><h1>{t(title)}</h1></div>
      {state.status === 'loading' && <div className="page-state" data-testid="loading">{t('state.loading')}</div>}
      {state.status === 'error' && <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(state.error) })}</div>}
      {state.status === 'ready' && empty?.(state.data) && <div className="page-state" data-testid="empty">{t('rep.empty')}</div>}
      {state.status === 'ready' && !empty?.(state.data) && children(state.data)}
    </div>
  );
}

import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';

/** The centred card of the sign-in pages, with the language switch available before sign-in too. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="auth-page">
      <section className="auth-card">
        <div className="auth-head">
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
          <button type="button" className="link-button" data-testid="language-switch"
            onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}>{t('lang.switch')}</button>
        </div>
        <h1>{title}</h1>
        {children}
      </section>
    </div>
  );
}

import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { NavItem } from './nav-items';
import { navigate } from './router';
import { useSession } from './session-context';
import { StoreName } from '../routes/analytics/store-name';

/** Header, side navigation and the page. Below 960 px the navigation folds behind a menu button. */
export function ConsoleLayout({ items, current, children }: { items: readonly NavItem[]; current: string; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const { state, logout } = useSession();
  const [navOpen, setNavOpen] = useState(false);
  const username = state.status === 'signed-in' ? state.me.username : '';

  return (
    <div className={`console ${navOpen ? 'nav-open' : ''}`}>
      <header className="console-header">
        <button type="button" className="menu-button" aria-label={t('nav.menu')} aria-expanded={navOpen}
          data-testid="menu-button" onClick={() => setNavOpen((o) => !o)}>☰</button>
        <div className="brand">
          <span className="brand-name" data-testid="store-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <StoreName />
        <div className="header-actions">
          <span className="user" data-testid="current-user">{username}</span>
          <button type="button" className="link-button" data-testid="language-switch" aria-label={t('lang.label')}
            onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}>{t('lang.switch')}</button>
          <button type="button" className="link-button" data-testid="logout" onClick={() => void logout()}>{t('header.logout')}</button>
        </div>
      </header>
      <nav className="side-nav" data-testid="side-nav" aria-label={t('nav.menu')}>
        <ul>
          {items.map((item) => (
            <li key={item.path}>
              <a href={item.path} className={item.path === current ? 'active' : ''} aria-current={item.path === current ? 'page' : undefined}
                onClick={(e) => { e.preventDefault(); setNavOpen(false); navigate(item.path); }}>
                <span className="nav-icon" aria-hidden="true">{item.icon}</span>
                <span className="nav-label">{t(item.label)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {navOpen && <div className="nav-backdrop" onClick={() => setNavOpen(false)} />}
      <main className="console-main">{children}</main>
    </div>
  );
}

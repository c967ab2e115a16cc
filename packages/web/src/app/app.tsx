import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { ChangePasswordPage } from '../routes/login/change-password.page';
import { LoginPage } from '../routes/login/login.page';
import { ConsoleLayout } from './console-layout';
import { DEFAULT_PATH, NAV_ITEMS } from './nav-items';
import { navigate, usePathname } from './router';
import { useSession } from './session-context';

/** Chooses the page: sign-in, password change, or a module page inside the console layout. */
export function App() {
  const { state, refresh } = useSession();
  const { t } = useI18n();
  const path = usePathname();

  const me = state.status === 'signed-in' ? state.me : undefined;
  const allowed = me ? NAV_ITEMS.filter((n) => me.permissions.includes(n.permission)) : [];
  const item = allowed.find((n) => n.path === path);
  useEffect(() => {
    if (me && !me.mustChangePassword && !item) navigate(allowed[0]?.path ?? DEFAULT_PATH, { replace: true });
  }, [me, item, allowed]);

  if (state.status === 'checking') return <div className="page-state">{t('state.loading')}</div>;
  if (state.status === 'unreachable') {
    return (
      <div className="page-state error" role="alert">
        {t('error.network')} <button type="button" onClick={() => void refresh()}>{t('state.retry')}</button>
      </div>
    );
  }
  if (state.status === 'anonymous') return <LoginPage />;
  if (state.me.mustChangePassword) return <ChangePasswordPage />;
  const Page = item?.page;
  return <ConsoleLayout items={allowed} current={path}>{Page ? <Page /> : null}</ConsoleLayout>;
}

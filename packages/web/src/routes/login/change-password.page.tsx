import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-client';
import { changePassword } from '../../api/auth.api';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/i18n-context';
import { AuthCard } from './auth-card';
import { useErrorText } from './use-error-text';

/** Shown instead of the console while the user still holds a one-time password. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { refresh, logout } = useSession();
  const errorText = useErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (next !== confirm) return setError(t('password.mismatch'));
    setError(null);
    try {
      await changePassword(current, next);
      await refresh();
    } catch (err) {
      setError(errorText(err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err))));
    }
  }

  return (
    <AuthCard title={t('password.title')}>
      <p className="hint">{t('password.hint')}</p>
      <form onSubmit={(e) => void submit(e)} data-testid="password-form">
        <label>{t('password.current')}
          <input name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>{t('password.new')}
          <input name="newPassword" type="password" autoComplete="new-password" minLength={10} value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <label>{t('password.confirm')}
          <input name="confirmPassword" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
        </label>
        {error && <p className="form-error" role="alert" data-testid="form-error">{error}</p>}
        <button type="submit" className="primary">{t('password.submit')}</button>
        <button type="button" className="link-button" onClick={() => void logout()}>{t('header.logout')}</button>
      </form>
    </AuthCard>
  );
}

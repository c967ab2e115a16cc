import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-client';
import { login } from '../../api/auth.api';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/i18n-context';
import { AuthCard } from './auth-card';
import { useErrorText } from './use-error-text';

export function LoginPage() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      // The session now decides: the console, or the password change a one-time password requires.
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err)));
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t('login.title')}>
      <form onSubmit={(e) => void submit(e)} data-testid="login-form">
        <label>{t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>{t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <p className="form-error" role="alert" data-testid="form-error">{errorText(error)}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('login.submitting') : t('login.submit')}</button>
      </form>
    </AuthCard>
  );
}

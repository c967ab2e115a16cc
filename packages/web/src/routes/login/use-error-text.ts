import type { ErrorCode } from '@zhanggui/contracts';
import type { ApiError } from '../../api/api-client';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';

// Codes whose meaning is fixed get the console's own wording in the user's language; for the rest
// (validation and the like) the server's message says more about what exactly went wrong.
const TRANSLATED: Partial<Record<ErrorCode | 'network_error', MessageKey>> = {
  network_error: 'error.network',
  invalid_credentials: 'error.invalid_credentials',
  rate_limited: 'error.rate_limited',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  password_change_required: 'error.password_change_required',
};

/** The text to show for an API failure. */
export function useErrorText(): (error: ApiError) => string {
  const { t } = useI18n();
  return (error) => {
    const key = TRANSLATED[error.code as ErrorCode];
    return key ? t(key) : error.message;
  };
}

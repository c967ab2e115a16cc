import type { MeDto } from '@zhanggui/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-client';
import { fetchMe, logout as apiLogout } from '../api/auth.api';

export type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous' }
  | { status: 'signed-in'; me: MeDto }
  | { status: 'unreachable'; error: ApiError };

interface Session {
  state: SessionState;
  /** Ask the server who we are (after sign-in, a password change, or a 401). */
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const refresh = useCallback(async () => {
    try {
      setState({ status: 'signed-in', me: await fetchMe() });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setState({ status: 'anonymous' });
      else setState({ status: 'unreachable', error: e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)) });
    }
  }, []);
  const logout = useCallback(async () => {
    // Signed out locally even if the server cannot be told; the cookie then simply expires.
    try { await apiLogout(); } catch { /* see above */ }
    setState({ status: 'anonymous' });
  }, []);
  useEffect(() => { void refresh(); }, [refresh]);
  const value = useMemo(() => ({ state, refresh, logout }), [state, refresh, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { useSession } from '../../app/session-context';

export type Loadable<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

/** Load from the API whenever `deps` change (the previous request is aborted); a 401 ends the session. */
export function useLoadable<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const { refresh } = useSession();
  useEffect(() => {
    const ctl = new AbortController();
    setState({ status: 'loading' });
    load(ctl.signal).then((data) => { if (!ctl.signal.aborted) setState({ status: 'ready', data }); }, (e: unknown) => {
      if (ctl.signal.aborted) return;
      const error = e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e));
      if (error.status === 401) void refresh();
      setState({ status: 'error', error });
    });
    return () => ctl.abort();
  }, deps);
  return state;
}

import { useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';

export type Load<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

/** Load once per change of `deps`, aborting a stale request. */
export function useLoad<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState({ status: 'loading' });
    fetcher(ctl.signal).then((data) => setState({ status: 'ready', data }),
      (e: unknown) => { if (!ctl.signal.aborted) setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)) }); });
    return () => ctl.abort();
  }, [...deps, tick]);
  return [state, () => setTick((n) => n + 1)];
}

import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/api-client';

export type Loadable<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

/** Load with `fetcher` on mount and whenever `reload()` is called; aborts on unmount. */
export function useData<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[] = []): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    fetcher(ctl.signal).then((data) => setState({ status: 'ready', data }),
      (e: unknown) => { if (!ctl.signal.aborted) setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)) }); });
    return () => ctl.abort();
  }, [tick, ...deps]);
  return [state, useCallback(() => setTick((x) => x + 1), [])];
}

export const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `¥${(fen / 100).toFixed(2)}`);

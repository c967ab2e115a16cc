import { useEffect, useState } from 'react';
import { apiRequest } from '../../api/api-client';

/** The store's name from GET /api/store, shown in the header (nothing until it has loaded). */
export function StoreName() {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    apiRequest<{ name: string }>('GET', '/store', { signal: ctl.signal }).then((s) => setName(s.name), () => setName(null));
    return () => ctl.abort();
  }, []);
  return name ? <span className="brand-store" data-testid="store-label">{name}</span> : null;
}

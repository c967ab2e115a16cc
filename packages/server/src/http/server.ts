import type { Config } from '../config.js';
import type { Platform } from '../platform.js';
import { buildApp } from './app.js';
import { escalateOverdue } from '../modules/risk/index.js';

/** Build the app and listen; resolves with the address once it accepts connections. */
export async function startServer(platform: Platform, opts: { port: number; host: string; trustProxy?: Config['trustProxy']; sessionIdleMinutes?: number | undefined }) {
  const app = await buildApp({
    platform, logger: false, ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.sessionIdleMinutes !== undefined ? { sessionIdleMs: opts.sessionIdleMinutes * 60_000 } : {}),
  });
  // Incidents nobody acknowledged in time escalate along the on-call chain (docs/risk.md).
  const ticker = setInterval(() => { escalateOverdue(platform.database.db, new Date()).catch(() => {}); }, 60_000);
  ticker.unref();
  app.addHook('onClose', async () => clearInterval(ticker));
  const address = await app.listen({ port: opts.port, host: opts.host });
  return { app, address };
}

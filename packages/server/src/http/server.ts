import type { Config } from '../config.js';
import type { Platform } from '../platform.js';
import { buildApp } from './app.js';

/** Build the app and listen; resolves with the address once it accepts connections. */
export async function startServer(platform: Platform, opts: { port: number; host: string; trustProxy?: Config['trustProxy'] }) {
  const app = await buildApp({ platform, logger: false, ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}) });
  const address = await app.listen({ port: opts.port, host: opts.host });
  return { app, address };
}

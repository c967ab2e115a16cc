import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The console is same-origin only: scripts and styles from itself (ECharts sets inline styles),
// images from itself and data: URLs, no framing, no plugins.
const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
  + "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * Secure response headers on everything; a Content-Security-Policy on the console (the Swagger UI
 * at /api/docs ships inline scripts, so it keeps the other headers only); no caching of API
 * responses; HSTS when the request came over HTTPS.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    const url = request.url;
    if (url.startsWith('/api/') && !url.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
    if (!url.startsWith('/api/docs')) reply.header('content-security-policy', CONSOLE_CSP);
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

/**
 * CSRF protection for cookie sessions, on top of SameSite=Strict: a state-changing request that
 * carries the session cookie (and no bearer token) must come from this origin — its Origin header,
 * when present, names this host, and Sec-Fetch-Site, when present, says same-origin or none.
 * Clients that send neither header are not browsers and cannot be driven cross-site.
 */
export function installCsrfGuard(app: FastifyInstance, cookieName: string): void {
  app.addHook('onRequest', async (request) => {
    if (!UNSAFE.has(request.method)) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    if (!request.cookies?.[cookieName]) return;
    const site = request.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
      throw new AppError('forbidden', 'Cross-site request refused', { reason: 'csrf', secFetchSite: site });
    }
    const origin = request.headers.origin;
    if (typeof origin === 'string') {
      let host: string | null = null;
      try { host = new URL(origin).host; } catch { host = null; }
      if (host !== request.headers.host) throw new AppError('forbidden', 'Cross-site request refused', { reason: 'csrf', origin });
    }
  });
}

import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors.js';

// src/http and dist/http sit at the same depth, so one relative path finds the built console from both.
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const route = { config: { public: true }, schema: { hide: true } } as const;

/** A file under root named by a URL path, or undefined (missing, a directory, or outside root). */
function fileUnder(root: string, urlPath: string): string | undefined {
  // The router has already decoded the path; decoding again would misread a literal `%`.
  const target = resolve(root, urlPath);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return undefined;
  return existsSync(target) && statSync(target).isFile() ? rel : undefined;
}

/**
 * Serve the built console (packages/web/dist) at `/`: its files as they are, and index.html for
 * any other non-API path so that the console's own routes survive a reload. Before the console is
 * built, `/` shows the API reference instead.
 */
export async function installConsole(app: FastifyInstance, dir: string = DEFAULT_CONSOLE_DIR): Promise<void> {
  const root = resolve(dir);
  if (!existsSync(resolve(root, 'index.html'))) {
    app.get('/', route, (_req, reply) => reply.redirect('/api/docs'));
    return;
  }
  await app.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply) =>
    // Never cache the page itself: it names the current hashed bundles.
    reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });

  app.get('/', route, (_req, reply) => sendIndex(reply));
  app.get('/*', route, (req, reply) => {
    const path = (req.params as { '*': string })['*'];
    // Unknown API paths keep answering like the API does, never with the console page.
    if (path === 'api' || path.startsWith('api/')) throw new AppError('not_found', `No route ${req.method} /${path}`);
    const file = fileUnder(root, path);
    if (!file) return sendIndex(reply);
    // Vite names bundles by content hash, so they may be cached for good.
    const immutable = file.startsWith(`assets${sep}`);
    return reply.sendFile(file, root, immutable ? { immutable: true, maxAge: '365d' } : { maxAge: 0 });
  });
}

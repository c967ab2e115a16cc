import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from './error-handler.js';
import { installConsole } from './static-console.js';

/** The console's file serving alone, on a stand-in build in a temporary directory. */
describe('static console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zg-console-'));
  let app: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    app = Fastify();
    installErrorHandler(app);
    await installConsole(app, dir);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at / and for the console\'s own paths, uncached', async () => {
    for (const url of ['/', '/overview', '/overview/deeper?x=1']) {
      const res = await app.inject({ url });
      expect([url, res.statusCode, res.headers['content-type']]).toEqual([url, 200, 'text/html; charset=utf-8']);
      expect(res.body).toContain('<title>console</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed bundles as immutable and other files as they are', async () => {
    const js = await app.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const svg = await app.inject({ url: '/favicon.svg' });
    expect([svg.statusCode, svg.body]).toEqual([200, '<svg/>']);
  });

  it('keeps unknown API paths answering as the API does', async () => {
    const res = await app.inject({ url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });

  it('never serves a file outside the build', async () => {
    const res = await app.inject({ url: '/..%2f..%2fetc%2fpasswd' });
    expect(res.body).not.toContain('root:');
    expect([200, 404]).toContain(res.statusCode);
  });

  it('points / at the API reference while the console is not built', async () => {
    const bare = Fastify();
    await installConsole(bare, join(dir, 'missing'));
    const res = await bare.inject({ url: '/' });
    expect([res.statusCode, res.headers.location]).toEqual([302, '/api/docs']);
    await bare.close();
  });
});

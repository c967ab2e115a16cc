import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../server/src/http/app.js';
import { simulateStore, type SimulateOptions } from '../../server/src/ingest/simulator/simulate-store.js';
import { createUser, SYSTEM_ACTOR } from '../../server/src/modules/identity/index.js';
import { createTestDb, type TestDb } from '../../server/src/test-support/db.js';
import { LoginPage } from './pages/login.page.js';

export const CHROMIUM = '/usr/bin/chromium';
export const OWNER_PASSWORD = 'correct-horse-battery';
/** Screenshots are kept here as test artifacts (`${SHOTS}-<page>.png`). */
export const SHOTS = '/tmp/zhanggui-console';
const DIST = new URL('../dist/index.html', import.meta.url);

export interface ConsoleHarness {
  db: TestDb;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  base: string;
  context: BrowserContext;
  page: Page;
  /** Sign the owner in and wait for the console to open. */
  signInAsOwner(): Promise<void>;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  /** The simulated store the server runs on (defaults: 60 days to 2026-03-31, 300 customers, seed 1). */
  simulate?: Partial<SimulateOptions>;
  /** The browser's pinned clock (default the morning after the last simulated day). */
  now?: Date;
  /** Anything else to prepare in the database before the server starts (pipeline runs, fixtures). */
  prepare?: (db: TestDb) => Promise<void>;
}

/**
 * The built console (packages/web/dist; the root `npm test` builds it) against a real server on a
 * simulated store, driven in Debian's chromium with a fresh profile and a pinned clock.
 */
export async function startConsole(opts: ConsoleOptions = {}): Promise<ConsoleHarness> {
  // Fail loudly rather than skip: a silently skipped browser test reads as a passing one.
  if (!existsSync(DIST)) throw new Error('packages/web/dist is missing: run `npm run build` (the root `npm test` does) first');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const sim = { days: 60, customers: 300, seed: 1, endDate: '2026-03-31', ...opts.simulate };
  const db = await createTestDb('pglite');
  await simulateStore(db, sim);
  await createUser(db.database.db, SYSTEM_ACTOR, { username: 'owner', role: 'owner', password: OWNER_PASSWORD });
  await opts.prepare?.(db);
  const app = await buildApp({ platform: db });
  const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('0.0.0.0', '127.0.0.1');
  const profile = mkdtempSync(join(tmpdir(), 'zg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  await context.clock.setFixedTime(opts.now ?? new Date(`${nextDay(sim.endDate)}T10:00:00+08:00`));
  const page = context.pages()[0] ?? await context.newPage();
  return {
    db, app, base, context, page,
    async signInAsOwner() {
      const login = new LoginPage(page, base);
      await login.open();
      await login.signIn('owner', OWNER_PASSWORD);
      await page.getByTestId('current-user').waitFor();
    },
    async close() {
      await context.close();
      await app.close();
      await db.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

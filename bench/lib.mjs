// Shared helpers for the benchmarks: machine description, fresh databases, result files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const server = (p) => import(path.join(root, 'packages/server/dist', p));
export const sharedData = (p) => path.join(root, '..', 'shared', 'data', p);
export const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function machine() {
  let postgres = null;
  try {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    postgres = (await c.query('show server_version')).rows[0].server_version;
    await c.end();
  } catch { /* no server */ }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
  };
}

/** A new empty database on the server; returns its URL and a drop function. */
export async function freshPgDatabase() {
  const name = `zg_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Open a migrated platform: embedded in a temporary data dir, or on a fresh server database. */
export async function openBenchPlatform(driver) {
  const { openPlatform } = await server('platform.js');
  const { loadConfig } = await server('config.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-bench-'));
  const db = driver === 'postgres' ? await freshPgDatabase() : null;
  const platform = await openPlatform(loadConfig({ dataDir, databaseUrl: db?.url }, { ...process.env, DATABASE_URL: '' }));
  return {
    platform,
    async close() {
      await platform.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function writeResult(name, result) {
  const out = { benchmark: name, at: new Date().toISOString(), machine: await machine(), ...result };
  const file = path.join(root, 'bench', 'results', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
  return out;
}

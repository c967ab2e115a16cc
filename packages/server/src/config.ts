import path from 'node:path';

export interface Config {
  /** Where PGlite keeps its files, the install's secret key and the lock (always used). */
  dataDir: string;
  /** When set, data lives on this PostgreSQL server instead of the embedded PGlite. */
  databaseUrl: string | undefined;
  /** 32-byte key for personal data, from ZHANGGUI_SECRET_KEY (hex or base64); else kept in dataDir. */
  secretKey: string | undefined;
  port: number;
  host: string;
  /** ZHANGGUI_TRUST_PROXY: the reverse proxy whose X-Forwarded-* headers to believe (addresses or CIDR ranges, or true). */
  trustProxy: boolean | string | undefined;
  /** ZHANGGUI_SESSION_IDLE_MINUTES: end a console session after this many idle minutes (default 30; 0 = never idle out). */
  sessionIdleMinutes: number | undefined;
  /** ZHANGGUI_DATA_LOCATION: the country (ISO 3166-1 alpha-2) where this install keeps its data, shown in the data catalogue (default CN). */
  dataLocation?: string | undefined;
}

export interface ConfigOverrides {
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  port?: number | undefined;
  host?: string | undefined;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = overrides.port ?? (env.PORT ? Number(env.PORT) : 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port: expected 0..65535, got ${env.PORT}`);
  return {
    dataDir: path.resolve(overrides.dataDir ?? env.ZHANGGUI_DATA_DIR ?? './zhanggui-data'),
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    secretKey: env.ZHANGGUI_SECRET_KEY || undefined,
    port,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    trustProxy: parseTrustProxy(env.ZHANGGUI_TRUST_PROXY),
    sessionIdleMinutes: parseIdle(env.ZHANGGUI_SESSION_IDLE_MINUTES),
    dataLocation: parseDataLocation(env.ZHANGGUI_DATA_LOCATION),
  };
}

function parseTrustProxy(v: string | undefined): boolean | string | undefined {
  if (v === undefined || v === '') return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

function parseIdle(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`ZHANGGUI_SESSION_IDLE_MINUTES: expected minutes >= 0, got ${v}`);
  return n;
}

function parseDataLocation(v: string | undefined): string {
  if (v === undefined || v === '') return 'CN';
  if (!/^[A-Za-z]{2}$/.test(v)) throw new Error(`ZHANGGUI_DATA_LOCATION: expected a two-letter country code such as CN, got ${v}`);
  return v.toUpperCase();
}

import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openPlatform, type Platform } from '../platform.js';

export interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** Open the platform from the global options, run `fn`, and always close it (releasing the data-dir lock). */
export async function withPlatform<T>(cmd: Command, fn: (platform: Platform) => Promise<T>): Promise<T> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const platform = await openPlatform(loadConfig({ dataDir: g.dataDir, databaseUrl: g.databaseUrl }));
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

export function parseIntOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}: expected an integer from ${min} to ${max}, got '${value}'`);
    return n;
  };
}

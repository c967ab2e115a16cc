import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { startServer } from '../../http/server.js';
import { openPlatform, type Platform } from '../../platform.js';
import type { GlobalOptions } from '../context.js';
import { parseIntOption } from '../context.js';
import { ensureOwnerAndReport } from './user.command.js';

/** Serve until SIGINT/SIGTERM, then close the server and the database cleanly. */
export async function serveUntilStopped(platform: Platform, port: number, host: string): Promise<void> {
  const { app, address } = await startServer(platform, { port, host, trustProxy: platform.config.trustProxy, sessionIdleMinutes: platform.config.sessionIdleMinutes });
  const shown = address.replace('127.0.0.1', 'localhost');
  process.stdout.write(`Zhanggui is serving on ${shown}  (API docs: ${shown}/api/docs)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('Stopping…\n');
  await app.close();
  await platform.close();
}

export function registerServeCommand(program: Command): void {
  program.command('serve')
    .description('Serve the console and the HTTP API')
    .option('--port <n>', 'port (default 3000, or PORT)', parseIntOption('--port', 0, 65535))
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)')
    .action(async (opts: { port?: number; host?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = loadConfig({ dataDir: g.dataDir, databaseUrl: g.databaseUrl, port: opts.port, host: opts.host });
      const platform = await openPlatform(config);
      await ensureOwnerAndReport(platform);
      await serveUntilStopped(platform, config.port, config.host);
    });
}

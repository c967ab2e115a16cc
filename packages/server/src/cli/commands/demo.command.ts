import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import { queryRows } from '../../db/client.js';
import { openPlatform } from '../../platform.js';
import { parseIntOption, type GlobalOptions } from '../context.js';
import { runPipelineWithProgress } from './pipeline.command.js';
import { serveUntilStopped } from './serve.command.js';
import { simulateOptions, simulateWithProgress, type SimulateFlags } from './simulate.command.js';
import { ensureOwnerAndReport } from './user.command.js';

/**
 * The main job (`npm start`): an owner account, a simulated store when the database is empty,
 * the pipeline for the last simulated day, then the console and API.
 */
export function registerDemoCommand(program: Command): void {
  simulateOptions(program.command('demo')
    .description('Simulate a store if the database is empty, run the pipeline, and serve'))
    .option('--port <n>', 'port (default 3000, or PORT)', parseIntOption('--port', 0, 65535))
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)')
    .action(async (opts: SimulateFlags & { port?: number; host?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = loadConfig({ dataDir: g.dataDir, databaseUrl: g.databaseUrl, port: opts.port, host: opts.host });
      const platform = await openPlatform(config);
      try {
        await ensureOwnerAndReport(platform);
        const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(platform.database.db, sql`select count(*) as n from (select 1 from orders limit 1) o`);
        let asOf: string | undefined;
        if (n === 0) {
          asOf = (await simulateWithProgress(platform, opts)).endDate;
        } else {
          process.stdout.write('The database already has data; skipping the simulation.\n');
        }
        const results = await runPipelineWithProgress(platform, asOf);
        for (const r of results) process.stdout.write(`pipeline ${r.step}: ${r.status}${r.rows !== undefined ? ` (${r.rows} rows)` : ''}${r.detail ? `, ${r.detail}` : ''}${r.error ? ` — ${r.error}` : ''}\n`);
      } catch (e) {
        await platform.close();
        throw e;
      }
      await serveUntilStopped(platform, config.port, config.host);
    });
}

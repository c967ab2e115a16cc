import { Command, CommanderError } from 'commander';
import { isAppError } from '../errors.js';
import { registerDbCommands } from './commands/db.command.js';
import { registerPipelineCommands } from './commands/pipeline.command.js';
import { registerServeCommand } from './commands/serve.command.js';
import { registerStoreCommands } from './commands/store.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerSimulateCommand } from './commands/simulate.command.js';
import { registerUserCommands } from './commands/user.command.js';
import { registerImportCommand } from './commands/import.command.js';
import { registerReportCommands } from './commands/report.command.js';
import { registerPriceCommands } from './commands/price.command.js';
import { registerExperimentCommands } from './commands/experiment.command.js';
import { registerRouteCommands } from './commands/route.command.js';
import { registerLogisticsCommands } from './commands/logistics.command.js';
import { registerForecastCommands } from './commands/forecast.command.js';
import { registerClvCommands } from './commands/clv.command.js';
import { registerAuditCommands } from './commands/audit.command.js';

export function buildProgram(): Command {
  const program = new Command('zhanggui')
    .description('Zhanggui (掌柜): the operations hub for your store')
    .option('--data-dir <dir>', 'data directory for the embedded database and the secret key (default ./zhanggui-data, or ZHANGGUI_DATA_DIR)')
    .option('--database-url <url>', 'use this PostgreSQL server instead of the embedded database (or DATABASE_URL)')
    .showHelpAfterError()
    .exitOverride();
  registerDemoCommand(program);
  registerServeCommand(program);
  registerImportCommand(program);
  registerSimulateCommand(program);
  registerPipelineCommands(program);
  registerReportCommands(program);
  registerPriceCommands(program);
  registerExperimentCommands(program);
  registerRouteCommands(program);
  registerLogisticsCommands(program);
  registerForecastCommands(program);
  registerClvCommands(program);
  registerAuditCommands(program);
  registerUserCommands(program);
  registerStoreCommands(program);
  registerDbCommands(program);
  return program;
}

/** Run the CLI; errors are printed (with every line of an import's bad-row report) and set the exit code. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (isAppError(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      const errors = (e.details as { errors?: unknown[] } | undefined)?.errors;
      if (Array.isArray(errors)) for (const line of errors) process.stderr.write(`  ${String(line)}\n`);
    } else {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env.ZHANGGUI_DEBUG) console.error(e);
    }
    process.exitCode = 1;
  }
}


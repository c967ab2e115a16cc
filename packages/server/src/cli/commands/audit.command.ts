import type { Command } from 'commander';
import { verifyAuditChain } from '../../modules/compliance/index.js';
import { withPlatform } from '../context.js';

function parseAnchor(value: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!m) throw new Error(`--anchor: expected SEQ:SHA256 as printed by audit verify, got '${value}'`);
  return { seq: Number(m[1]), hash: m[2]! };
}

export function registerAuditCommands(program: Command): void {
  const auditCmd = program.command('audit').description('The tamper-evident audit log');
  auditCmd.command('verify')
    .description('Recompute the audit log hash chain; exit 1 naming every changed or deleted row')
    .option('--anchor <seq:hash>', 'a head printed by an earlier verify, kept elsewhere: it must still be in the chain', parseAnchor)
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: { anchor?: { seq: number; hash: string }; format: string }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const report = await verifyAuditChain(p.database.db, opts.anchor);
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (report.ok) process.stdout.write(`audit log OK: ${report.rows} rows, head chain_seq ${report.headSeq} sha256 ${report.headHash}\n`);
        else {
          process.stdout.write(`audit log FAILED verification (${report.problems.length} problem(s), ${report.rows} rows):\n`);
          for (const pr of report.problems) process.stdout.write(`  ${pr.message}\n`);
        }
        if (!report.ok) process.exitCode = 1;
      });
    });
}

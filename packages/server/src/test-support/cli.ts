import { vi } from 'vitest';
import { runCli } from '../cli/program.js';

export interface CliResult { code: number; stdout: string; stderr: string }

/**
 * Run the `zhanggui` command in this process with these arguments, capturing what it writes and
 * the exit code it sets. Pass `--data-dir` for commands that open the database.
 */
export async function runZhanggui(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await runCli(['node', 'zhanggui', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    so.mockRestore();
    se.mockRestore();
    process.exitCode = before;
  }
}

// Runs every benchmark (or those named on the command line) one after another; each writes
// bench/results/<name>.json with the machine it ran on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const all = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.mjs')).sort();
const wanted = process.argv.slice(2);
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;
let failed = 0;
for (const file of chosen) {
  console.error(`== ${file}`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', path.join(root, 'bench', file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

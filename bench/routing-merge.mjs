// Joins the parts of a routing bench run that was split over processes (BENCH_ROUTING_ONLY +
// BENCH_ROUTING_OUT) into one result file with the summary recomputed:
//   node bench/routing-merge.mjs routing-solomon part-1 part-2 …
// A part is a result name in bench/results, or a bench log (the rows it printed), for a run that
// was stopped before it wrote its file. An instance and budget may appear in one part only.
import fs from 'node:fs';
import path from 'node:path';
import { root, writeResult } from './lib.mjs';
import { NOTE, summarise } from './routing-summary.mjs';

const [out, ...parts] = process.argv.slice(2);
if (!out || parts.length === 0) {
  console.error('usage: node bench/routing-merge.mjs OUT PART...');
  process.exit(2);
}

/** The rows a bench log printed: Node's inspect format of flat objects with simple values. */
function rowsOfLog(text) {
  return [...text.matchAll(/\{\n([^{}]*?)\n\}/g)].map((m) => JSON.parse(`{${m[1]
    .replace(/^\s*(\w+):/gm, '"$1":').replace(/'([^']*)'/g, '"$1"')}}`)).filter((r) => r.instance && r.seconds);
}

const meta = [];
const results = [];
const seen = new Set();
for (const part of parts) {
  const file = fs.existsSync(part) ? part : path.join(root, 'bench', 'results', `${part}.json`);
  const text = fs.readFileSync(file, 'utf8');
  const isJson = file.endsWith('.json');
  const rows = isJson ? JSON.parse(text).results : rowsOfLog(text);
  if (isJson) meta.push(JSON.parse(text));
  for (const r of rows) {
    const key = `${r.instance}@${r.seconds}`;
    if (seen.has(key)) throw new Error(`${r.instance} at ${r.seconds} s is in more than one part (${part})`);
    seen.add(key);
    results.push(r);
  }
  console.error(`${part}: ${rows.length} rows`);
}
const setOf = (name) => (name.startsWith('A-') ? 'A' : name.startsWith('P-') ? 'P' : 'solomon');
const summary = ['A', 'P', 'solomon'].flatMap((set) => {
  const rows = results.filter((r) => setOf(r.instance) === set);
  return rows.length ? summarise(rows, set) : [];
});
const first = meta[0] ?? {};
await writeResult(out, {
  note: NOTE, seed: first.seed, clock: first.clock, stopsAtBestKnown: first.stopsAtBestKnown,
  mergedFrom: parts.map((p) => path.basename(p)), summary, results,
});
console.log(JSON.stringify(summary, null, 1));

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA = path.resolve(fileURLToPath(import.meta.url), '../../../../../../../shared/data/cdnow');

/**
 * The rows of the CDNOW master log (../shared/data/cdnow/CDNOW_master.txt, header kept) that
 * belong to the 2,357 customers of the 1/10 sample Fader, Hardie & Lee (2005) fitted on — the
 * sample's first column is the master customer id, and the sample's 6,919 rows are exactly the
 * master's rows of those customers (checked in shared/data/README.md's row counts). Written to
 * `dir`, ready for `zhanggui import cdnow`.
 */
export function writeCdnowSampleFromMaster(dir: string): string {
  const ids = new Set(fs.readFileSync(path.join(DATA, 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/)
    .filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/)[0]!.padStart(5, '0')));
  const [header, ...rows] = fs.readFileSync(path.join(DATA, 'CDNOW_master.txt'), 'utf8').split(/\r?\n/);
  const kept = rows.filter((l) => l.trim() !== '' && ids.has(l.trim().split(/\s+/)[0]!));
  const file = path.join(dir, 'cdnow-sample-from-master.txt');
  fs.writeFileSync(file, `${[header, ...kept].join('\n')}\n`);
  return file;
}

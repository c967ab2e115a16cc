import fs from 'node:fs';
import { once } from 'node:events';

/** One CSV cell, quoted when it holds a delimiter, a quote or a line break. */
export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: readonly (string | number)[]) => `${cells.map(csvCell).join(',')}\n`;

/**
 * The rejects CSV of a `skipBadRows` import: the line number and reasons of each bad row, then
 * the row's own cells under the file's header, so it can be fixed and imported again.
 */
export class RejectsFile {
  readonly #out: fs.WriteStream;
  count = 0;

  constructor(readonly path: string) {
    this.#out = fs.createWriteStream(path, { encoding: 'utf8' });
  }

  async #write(text: string): Promise<void> {
    if (!this.#out.write(text)) await once(this.#out, 'drain');
  }

  header(fileHeader: readonly string[]): Promise<void> {
    return this.#write(csvLine(['line', 'reason', ...fileHeader]));
  }

  /** `row` is the record's cells, or the record already written as one CSV line (without newline). */
  async reject(line: number, reasons: string, row: readonly string[] | string): Promise<void> {
    this.count++;
    const tail = typeof row === 'string' ? `${row}\n` : csvLine(row);
    await this.#write(`${csvCell(line)},${csvCell(reasons)}${row.length ? ',' : ''}${tail}`);
  }

  async close(): Promise<void> {
    this.#out.end();
    await once(this.#out, 'finish');
  }
}

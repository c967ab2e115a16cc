import { parse } from 'csv-parse';
import fs from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface SourceRecord {
  /** 1-based line where the record starts. */
  line: number;
  values: string[];
}

export type RecordFormat = 'csv' | 'whitespace';

function isGzip(filePath: string): boolean {
  if (filePath.endsWith('.gz')) return true;
  const fd = fs.openSync(filePath, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

const count = (s: string, ch: string) => {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
};

/**
 * Stream the records of a file (gzip detected by magic bytes or `.gz`), one at a time, with
 * their line numbers, reporting compressed bytes read for a progress bar. Whitespace files
 * (CDNOW) go through the same parser with runs of spaces collapsed.
 */
export async function* readRecords(
  filePath: string,
  format: RecordFormat,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): AsyncGenerator<SourceRecord> {
  const totalBytes = fs.statSync(filePath).size;
  const file = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  if (onProgress) {
    file.on('data', (chunk) => {
      bytesRead += chunk.length;
      onProgress(bytesRead, totalBytes);
    });
  }
  const parser = parse({
    bom: true,
    delimiter: format === 'csv' ? ',' : ' ',
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  const streams: (Readable | NodeJS.ReadWriteStream)[] = isGzip(filePath) ? [file, zlib.createGunzip(), parser] : [file, parser];
  // pipeline forwards an error of any stage (bad gzip, unreadable file) to the parser's iterator.
  pipeline(streams as [Readable, ...NodeJS.ReadWriteStream[]], () => {});

  // csv-parse counts the lines of a quoted CRLF field twice, so lines are counted here from the
  // empty lines it skipped and the newlines inside the fields.
  let endLine = 0;
  let emptyLines = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
    const line = endLine + 1 + (info.empty_lines - emptyLines);
    emptyLines = info.empty_lines;
    let newlines = 0;
    for (const v of record) if (v.length > 0 && v.includes('\n')) newlines += count(v, '\n');
    endLine = line + newlines;
    const values = format === 'csv' ? record : record.filter((v) => v !== '').map((v) => v.replace(/\r$/, ''));
    if (values.length === 0) continue;
    yield { line, values };
  }
}

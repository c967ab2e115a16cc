// The long series CSV of `zhanggui forecast series`: header series_id,t,y; t an integer index or an
// ISO date (YYYY-MM-DD), consecutive within a series (step 1, or a constant 1 or 7 days); rows of a
// series together and in order. Every bad row is reported as file:line: field: problem.

export interface ParsedSeries {
  id: string;
  /** First period: the integer index or ISO date of the first row. */
  start: string;
  /** 'index' or the date step in days (1 daily, 7 weekly). */
  step: 'index' | 1 | 7;
  y: number[];
  /** Line of the series' first row, for messages about the whole series. */
  line: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY = 86_400_000;

function parseIsoDay(s: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  // Rejects 2026-02-30 and the like, which Date.UTC would roll over.
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? ms / DAY : null;
}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export class SeriesCsvError extends Error {
  constructor(readonly errors: string[]) {
    super(`${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
    this.name = 'SeriesCsvError';
  }
}

/** Parses the whole file; throws SeriesCsvError listing up to `maxErrors` problems. */
export function parseSeriesCsv(text: string, file: string, maxErrors = 20): ParsedSeries[] {
  const lines = text.split(/\r?\n/);
  const errors: string[] = [];
  const fail = (line: number, msg: string) => {
    if (errors.length < maxErrors) errors.push(`${file}:${line}: ${msg}`);
  };
  const header = splitCsvLine(lines[0] ?? '').map((c) => c.trim().replace(/^\uFEFF/, ''));
  if (header.join(',') !== 'series_id,t,y') {
    throw new SeriesCsvError([`${file}:1: header: expected 'series_id,t,y', got '${header.join(',')}'`]);
  }
  const out: ParsedSeries[] = [];
  const seen = new Set<string>();
  let cur: (ParsedSeries & { last: number }) | null = null;
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const ln = i + 1;
    if (raw.trim() === '') continue;
    const cells = splitCsvLine(raw);
    if (cells.length !== 3) {
      fail(ln, `expected 3 fields (series_id,t,y), got ${cells.length}`);
      continue;
    }
    const [id, tRaw, yRaw] = cells.map((c) => c.trim()) as [string, string, string];
    if (id === '') {
      fail(ln, 'series_id: empty');
      continue;
    }
    let y = Number(yRaw);
    if (yRaw === '' || !Number.isFinite(y)) {
      // Keep the row's period so that one bad value does not make every later row look out of order;
      // the error list is thrown at the end, so the placeholder is never forecast.
      fail(ln, `y: not a number: '${yRaw}'`);
      y = 0;
    }
    let t: number;
    let kind: 'index' | 'date';
    if (/^-?\d+$/.test(tRaw)) {
      t = Number(tRaw);
      kind = 'index';
    } else {
      const d = parseIsoDay(tRaw);
      if (d === null) {
        fail(ln, `t: expected an integer index or an ISO date YYYY-MM-DD, got '${tRaw}'`);
        continue;
      }
      t = d;
      kind = 'date';
    }
    if (!cur || cur.id !== id) {
      if (seen.has(id)) {
        fail(ln, `series_id: rows of series '${id}' are not together (it appeared before another series)`);
        continue;
      }
      seen.add(id);
      cur = { id, start: tRaw, step: kind === 'index' ? 'index' : 1, y: [y], line: ln, last: t };
      out.push(cur);
      continue;
    }
    if ((cur.step === 'index') !== (kind === 'index')) {
      fail(ln, `t: series '${id}' mixes integer indices and dates`);
      continue;
    }
    const gap = t - cur.last;
    if (cur.step === 'index') {
      if (gap !== 1) {
        fail(ln, `t: expected ${cur.last + 1} after ${cur.last} in series '${id}' (rows in order, no gaps), got ${tRaw}`);
        cur.last = t;
        continue;
      }
    } else if (cur.y.length === 1) {
      if (gap !== 1 && gap !== 7) {
        fail(ln, `t: dates of series '${id}' must be 1 day (daily) or 7 days (weekly) apart, got ${gap} days`);
        continue;
      }
      cur.step = gap;
    } else if (gap !== cur.step) {
      fail(ln, `t: expected ${new Date((cur.last + cur.step) * DAY).toISOString().slice(0, 10)} in series '${id}' (every ${cur.step} day${cur.step === 1 ? '' : 's'}, rows in order, no gaps), got ${tRaw}`);
      cur.last = t;
      continue;
    }
    cur.y.push(y);
    cur.last = t;
  }
  if (errors.length > 0) throw new SeriesCsvError(errors);
  if (out.length === 0) throw new SeriesCsvError([`${file}:2: no data rows after the header`]);
  return out.map(({ id, start, step, y, line }) => ({ id, start, step, y, line }));
}

/**
 * Parsers for the values of imported files. Each returns the parsed value or throws a
 * `FieldProblem` whose message is the reason a person reads in `file:line: field: reason`.
 */
export class FieldProblem extends Error {}

const quote = (s: string) => `('${s.length > 40 ? `${s.slice(0, 40)}…` : s}')`;
const INT32 = 2 ** 31 - 1;

export function parseInteger(raw: string): number {
  const s = raw.trim();
  if (!/^[+-]?\d+$/.test(s)) throw new FieldProblem(`not an integer ${quote(raw)}`);
  const n = Number(s);
  if (Math.abs(n) > INT32) throw new FieldProblem(`out of range ${quote(raw)}`);
  return n;
}

/**
 * A decimal amount in major units to integer minor units, on the digits of the text (no binary
 * floating point): `exact` refuses more decimals than the currency has, `round` rounds half away
 * from zero (so 0.001 → 0 and 2.555 → 256).
 */
export function parseMinorUnits(raw: string, digits: number, mode: 'exact' | 'round'): number {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(raw.trim());
  if (!m || (m[2] === '' && !m[3])) throw new FieldProblem(`not a number ${quote(raw)}`);
  const frac = m[3] ?? '';
  if (mode === 'exact' && frac.replace(/0+$/, '').length > digits) {
    throw new FieldProblem(`more than ${digits} decimal places ${quote(raw)}`);
  }
  const kept = frac.slice(0, digits).padEnd(digits, '0');
  let minor = Number((m[2] || '0') + kept);
  if (mode === 'round' && (frac[digits] ?? '0') >= '5') minor += 1;
  if (!Number.isSafeInteger(minor)) throw new FieldProblem(`out of range ${quote(raw)}`);
  return m[1] === '-' ? -minor : minor;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

const pad = (n: number | string, w = 2) => String(n).padStart(w, '0');

function checkedStamp(raw: string, y: number, mo: number, d: number, h: number, mi: number, s: number): string {
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) throw new FieldProblem(`not a date ${quote(raw)}`);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
// The UCI xlsx exported by spreadsheet tools: 12/1/2010 8:26 (month first).
const US_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** A local date-time without zone, returned as `YYYY-MM-DD HH:MM:SS` (the zone is applied in SQL). */
export function parseLocalDateTime(raw: string): string {
  const s = raw.trim();
  let m = ISO_LOCAL.exec(s);
  if (m) return checkedStamp(raw, +m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  m = US_LOCAL.exec(s);
  if (m) return checkedStamp(raw, +m[3]!, +m[1]!, +m[2]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  throw new FieldProblem(`not a date ${quote(raw)}`);
}

const OFFSET = /(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * An ISO 8601 date-time with an offset (kept as written; PostgreSQL reads it) or without one
 * (normalised local time, to be read in the import's time zone). The SQL side tells them apart
 * by `hasZoneOffset`.
 */
export function parseTimestamp(raw: string): string {
  const s = raw.trim();
  const m = OFFSET.exec(s);
  if (m && /[T ]\d/.test(s)) {
    const local = parseLocalDateTime(s.slice(0, m.index));
    return `${local}${m[1]!.toUpperCase() === 'Z' ? '+00:00' : m[1]}`;
  }
  return parseLocalDateTime(s);
}

/** `YYYYMMDD` (CDNOW) to `YYYY-MM-DD`. */
export function parseCompactDate(raw: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw.trim());
  if (!m || !validDate(+m[1]!, +m[2]!, +m[3]!)) throw new FieldProblem(`not a date ${quote(raw)}`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Minor-unit digits of an ISO 4217 currency (2 for CNY, GBP, USD; 0 for JPY). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

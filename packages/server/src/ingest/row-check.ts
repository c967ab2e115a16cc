import { FieldProblem, parseCompactDate, parseInteger, parseLocalDateTime, parseMinorUnits, parseTimestamp } from './field-parsers.js';

export interface FieldError {
  field: string;
  reason: string;
}

/**
 * Reads the fields of one record by column name and collects every problem, so a bad row is
 * reported with all its bad fields at once. One instance is reused for every row of a file.
 */
export class RowCheck {
  errors: FieldError[] = [];
  #values: readonly string[] = [];

  /** `index` maps our column name to its position in the file; `label` to the file's header name. */
  constructor(private readonly index: ReadonlyMap<string, number>, private readonly label: ReadonlyMap<string, string>) {}

  reset(values: readonly string[]): this {
    this.#values = values;
    this.errors = [];
    return this;
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** The file's name for one of our columns. */
  labelOf(column: string): string {
    return this.label.get(column) ?? column;
  }

  fail(column: string, reason: string): void {
    this.errors.push({ field: this.labelOf(column), reason });
  }

  /** The raw text, or null when the column is absent or the cell blank. */
  raw(column: string): string | null {
    const i = this.index.get(column);
    const v = i === undefined ? undefined : this.#values[i];
    return v === undefined || v.trim() === '' ? null : v;
  }

  text(column: string): string | null {
    const v = this.raw(column);
    return v === null ? null : v.trim();
  }

  required(column: string): string {
    const v = this.text(column);
    if (v === null) this.fail(column, 'missing value');
    return v ?? '';
  }

  #parse<T>(column: string, required: boolean, parse: (s: string) => T): T | null {
    const v = this.raw(column);
    if (v === null) {
      if (required) this.fail(column, 'missing value');
      return null;
    }
    try {
      return parse(v);
    } catch (e) {
      if (!(e instanceof FieldProblem)) throw e;
      this.fail(column, e.message);
      return null;
    }
  }

  integer(column: string, required = true): number | null {
    return this.#parse(column, required, parseInteger);
  }

  money(column: string, digits: number, mode: 'exact' | 'round', required = true): number | null {
    return this.#parse(column, required, (s) => parseMinorUnits(s, digits, mode));
  }

  localDateTime(column: string, required = true): string | null {
    return this.#parse(column, required, parseLocalDateTime);
  }

  timestamp(column: string, required = true): string | null {
    return this.#parse(column, required, parseTimestamp);
  }

  compactDate(column: string, required = true): string | null {
    return this.#parse(column, required, parseCompactDate);
  }
}

/** Entry checks shared by the BTYD models: every bad value is reported with its field and row. */

/** Customer summaries in the BTYD form, one entry per customer (columns, Float64Array friendly). */
export interface BtydSummary {
  /** Number of repeat purchases (purchase days after the first) in the calibration period. */
  x: ArrayLike<number>;
  /** Time of the last repeat purchase since the first purchase (0 when x = 0). */
  tx: ArrayLike<number>;
  /** Time from the first purchase to the end of the calibration period. */
  T: ArrayLike<number>;
}

export function validateSummary(where: string, s: BtydSummary): number {
  const n = s.x.length;
  if (s.tx.length !== n || s.T.length !== n) {
    throw new RangeError(`${where}: x, tx and T must have the same length, got ${n}, ${s.tx.length}, ${s.T.length}`);
  }
  for (let i = 0; i < n; i++) {
    const x = s.x[i]!;
    const tx = s.tx[i]!;
    const T = s.T[i]!;
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`${where}: x[${i}] must be an integer >= 0, got ${x}`);
    if (!Number.isFinite(T) || T < 0) throw new RangeError(`${where}: T[${i}] must be a finite number >= 0, got ${T}`);
    if (!Number.isFinite(tx) || tx < 0) throw new RangeError(`${where}: tx[${i}] must be a finite number >= 0, got ${tx}`);
    if (tx > T) throw new RangeError(`${where}: tx[${i}] (${tx}) must not exceed T[${i}] (${T})`);
    // Repeat purchases are on distinct days after the first, so x > 0 puts the last one after 0.
    if (x > 0 && tx === 0) throw new RangeError(`${where}: tx[${i}] must be > 0 when x[${i}] = ${x} > 0`);
    if (x === 0 && tx !== 0) throw new RangeError(`${where}: tx[${i}] must be 0 when x[${i}] = 0, got ${tx}`);
  }
  return n;
}

/** Checks the named parameters only, so a fit result (with its extra fields) can be passed as parameters. */
export function requirePositive<K extends string>(where: string, params: Readonly<Record<K, number>>, names: readonly K[]): void {
  for (const name of names) {
    const v = params[name];
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${where}: ${name} must be a finite number > 0, got ${v}`);
  }
}

export function requireNonNegative(where: string, name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${where}: ${name} must be a finite number >= 0, got ${v}`);
}

/** Distinct values of x and, per customer, the index of its value: terms in x alone are computed once per value. */
export function groupByCount(x: ArrayLike<number>): { values: number[]; index: Int32Array } {
  const slot = new Map<number, number>();
  const values: number[] = [];
  const index = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let k = slot.get(x[i]!);
    if (k === undefined) { k = values.length; slot.set(x[i]!, k); values.push(x[i]!); }
    index[i] = k;
  }
  return { values, index };
}

/** The value of f, or null when it throws a RangeError (out-of-domain trial parameters). */
export function safely<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

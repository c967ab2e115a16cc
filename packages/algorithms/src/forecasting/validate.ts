// Entry checks shared by every forecasting model and metric: fail loudly on bad input rather
// than return NaN forecasts that would silently flow into safety stock.

export function assertSeries(fn: string, y: readonly number[], minLength = 1): void {
  if (!Array.isArray(y)) throw new TypeError(`${fn}: y must be an array of numbers`);
  if (y.length < minLength) throw new RangeError(`${fn}: y needs at least ${minLength} observations, got ${y.length}`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new RangeError(`${fn}: y[${i}] must be a finite number, got ${y[i]}`);
  }
}

export function assertHorizon(fn: string, h: number): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`${fn}: h must be an integer >= 1, got ${h}`);
}

export function assertSeasonLength(fn: string, m: number): void {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`${fn}: seasonLength must be an integer >= 1, got ${m}`);
}

export function assertNonNegative(fn: string, y: readonly number[]): void {
  for (let i = 0; i < y.length; i++) {
    if (y[i]! < 0) throw new RangeError(`${fn}: y[${i}] must be >= 0 for demand data, got ${y[i]}`);
  }
}

export function assertUnitInterval(fn: string, name: string, v: number): void {
  if (!(v > 0 && v <= 1)) throw new RangeError(`${fn}: ${name} must be in (0, 1], got ${v}`);
}

export function assertSameLength(fn: string, a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new RangeError(`${fn}: actual and forecast lengths differ (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new RangeError(`${fn}: nothing to score`);
  assertSeries(fn, a);
  assertSeries(fn, b);
}

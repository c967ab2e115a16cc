/** Money helpers of the promotion engine: integer minor units, half-up rounding, display. */

/** round(x / y) half up, for integers x >= 0, y > 0, exactly. */
export function divHalfUp(x: number, y: number): number {
  return Math.floor((2 * x + y) / (2 * y));
}

/** `percent` % of `amount` (minor units), rounded to the unit half up; percent has at most 2 decimals. */
export function percentOf(amount: number, percent: number): number {
  return divHalfUp(amount * Math.round(percent * 100), 10_000);
}

/** "", ".01" … ".99": the decimals of yuan() by the fen part (one join fewer per amount). */
const CENTS = Array.from({ length: 100 }, (_, c) => (c === 0 ? '' : c < 10 ? `.0${c}` : `.${c}`));

/** ¥269.90, ¥20 (whole yuan without decimals). */
export function yuan(fen: number): string {
  const a = fen < 0 ? -fen : fen;
  const cents = a % 100;
  const whole = (a - cents) / 100;
  const c = CENTS[cents];
  // (A fractional amount has no entry: it is written as before, ¥1.0.5 and the like.)
  const body = c !== undefined ? `¥${whole}${c}` : cents < 10 ? `¥${whole}.0${cents}` : `¥${whole}.${cents}`;
  return fen < 0 ? `-${body}` : body;
}

/** 10 % off → "9折", 15 → "8.5折", 50 → "5折". */
export function zhe(percentOff: number): string {
  const z = Math.round((100 - percentOff) * 10) / 100;
  return `${Number.isInteger(z) ? z : String(z).replace(/0+$/, '')}折`;
}

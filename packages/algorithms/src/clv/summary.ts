/**
 * Customer summaries (x, t_x, T, zbar) from a transaction log, as the BTYD literature builds
 * them (Fader, Hardie & Lee 2005; the BTYD R package's dc.ElogToCbsCbt): one purchase per
 * customer per day, the first purchase is not a repeat, T runs from the first purchase to the
 * end of the calibration period.
 */

export interface Transaction {
  customerId: string;
  /** Whole day index (e.g. days since some epoch in the store's time zone). */
  day: number;
  /** Amount of the transaction; amounts on the same day are added together. */
  amount: number;
}

export interface BuildSummaryOptions {
  /** Last day of the calibration period (inclusive); later transactions are ignored. */
  calibrationEndDay: number;
  /** Days per model time unit: 7 (weeks, the default) or 1 (days), for example. */
  unitDays?: number;
  /** Optional holdout end (inclusive): also count repeat purchase days in (calibrationEnd, holdoutEnd]. */
  holdoutEndDay?: number;
}

export interface CustomerSummary {
  /** Customers in order of first appearance in the log. */
  customerIds: string[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean amount of the repeat purchase days (0 when x = 0): the Gamma-Gamma input. */
  zbar: Float64Array;
  /** Amount of the first purchase day, which the spend model leaves out. */
  firstAmount: Float64Array;
  /** Purchase days in the holdout period (all zeros when no holdout end is given). */
  holdoutPurchases: Float64Array;
}

function checkDay(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`buildCustomerSummary: ${name} must be an integer day index, got ${v}`);
}

export function buildCustomerSummary(transactions: readonly Transaction[], options: BuildSummaryOptions): CustomerSummary {
  const { calibrationEndDay, unitDays = 7, holdoutEndDay } = options;
  checkDay('calibrationEndDay', calibrationEndDay);
  if (holdoutEndDay !== undefined) {
    checkDay('holdoutEndDay', holdoutEndDay);
    if (holdoutEndDay < calibrationEndDay) throw new RangeError(`buildCustomerSummary: holdoutEndDay (${holdoutEndDay}) must not be before calibrationEndDay (${calibrationEndDay})`);
  }
  if (!Number.isFinite(unitDays) || unitDays <= 0) throw new RangeError(`buildCustomerSummary: unitDays must be a finite number > 0, got ${unitDays}`);
  const lastDay = holdoutEndDay ?? calibrationEndDay;
  // Per customer: day → summed amount over that day.
  const days = new Map<string, Map<number, number>>();
  transactions.forEach((t, i) => {
    if (typeof t.customerId !== 'string' || t.customerId === '') throw new RangeError(`buildCustomerSummary: transactions[${i}].customerId must be a non-empty string`);
    if (!Number.isSafeInteger(t.day)) throw new RangeError(`buildCustomerSummary: transactions[${i}].day must be an integer day index, got ${t.day}`);
    if (!Number.isFinite(t.amount)) throw new RangeError(`buildCustomerSummary: transactions[${i}].amount must be a finite number, got ${t.amount}`);
    if (t.day > lastDay) return;
    let m = days.get(t.customerId);
    if (!m) { m = new Map(); days.set(t.customerId, m); }
    m.set(t.day, (m.get(t.day) ?? 0) + t.amount);
  });
  const customerIds: string[] = [];
  const rows: { first: number; last: number; x: number; repeatSum: number; firstAmount: number; holdout: number }[] = [];
  for (const [id, m] of days) {
    const sorted = [...m.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    // Customers whose first purchase falls in the holdout are not in the calibration cohort.
    if (first > calibrationEndDay) continue;
    let x = 0;
    let last = first;
    let repeatSum = 0;
    let holdout = 0;
    for (const d of sorted.slice(1)) {
      if (d <= calibrationEndDay) { x++; last = d; repeatSum += m.get(d)!; } else holdout++;
    }
    customerIds.push(id);
    rows.push({ first, last, x, repeatSum, firstAmount: m.get(first)!, holdout });
  }
  const n = rows.length;
  const out: CustomerSummary = {
    customerIds, x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n),
    zbar: new Float64Array(n), firstAmount: new Float64Array(n), holdoutPurchases: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    out.x[i] = r.x;
    out.tx[i] = (r.last - r.first) / unitDays;
    out.T[i] = (calibrationEndDay - r.first) / unitDays;
    out.zbar[i] = r.x > 0 ? r.repeatSum / r.x : 0;
    out.firstAmount[i] = r.firstAmount;
    out.holdoutPurchases[i] = r.holdout;
  });
  return out;
}

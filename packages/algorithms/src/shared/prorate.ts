/**
 * Split an integer amount (minor units) over parts in proportion to weights so that the parts
 * sum to the amount exactly. Largest-remainder method: every part is the floor of its exact
 * share, and the units left over go to the parts with the largest remainders (ties to the
 * earlier part), so the result is deterministic and no part is off by more than one unit.
 */
export function prorate(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`prorate: amount must be an integer, got ${amount}`);
  if (weights.length === 0) {
    if (amount === 0) return [];
    throw new RangeError('prorate: cannot split a non-zero amount over no parts');
  }
  for (const [i, w] of weights.entries()) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`prorate: weight ${i} must be a finite number >= 0, got ${w}`);
  }
  if (!weights.some((w) => w > 0)) {
    if (amount === 0) return weights.map(() => 0);
    throw new RangeError('prorate: weights sum to zero');
  }
  const parts: number[] = [];
  prorateInto(Math.abs(amount), weights, weights.length, parts);
  return amount < 0 ? parts.map((p) => -p + 0) : parts;
}

// Remainders of prorateInto, reused between calls (JavaScript runs one split at a time).
let rems = new Float64Array(64);
const byRemainder = (x: number, y: number) => rems[y]! - rems[x]! || x - y;

/**
 * `prorate(amount, weights.slice(0, n))` written into `out[0..n)`, without the argument checks
 * and without allocating (the promotion engine splits every order-level discount with it): the
 * caller guarantees an integer amount >= 0 and finite weights >= 0 with a positive sum.
 */
export function prorateInto(amount: number, weights: readonly number[], n: number, out: number[]): void {
  let total = 0;
  for (let j = 0; j < n; j++) total += weights[j]!;
  if (rems.length < n) rems = new Float64Array(Math.max(n, 2 * rems.length));
  let given = 0;
  for (let j = 0; j < n; j++) {
    const q = (amount * weights[j]!) / total;
    const f = Math.floor(q);
    out[j] = f;
    rems[j] = q - f;
    given += f;
  }
  let left = amount - given;
  if (left <= 0) return;
  const order = new Array<number>(n);
  if (n > 256) {
    for (let j = 0; j < n; j++) order[j] = j;
    order.sort(byRemainder);
  } else {
    // Insertion sort in the same order (larger remainder first, then the earlier part): faster
    // than a sort with a comparator up to a few hundred parts.
    for (let j = 0; j < n; j++) {
      const r = rems[j]!;
      let k = j - 1;
      while (k >= 0 && rems[order[k]!]! < r) { order[k + 1] = order[k]!; k--; }
      order[k + 1] = j;
    }
  }
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k]!]! += 1;
}

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
  const total = weights.reduce((s, w) => s + w, 0);
  if (total === 0) {
    if (amount === 0) return weights.map(() => 0);
    throw new RangeError('prorate: weights sum to zero');
  }
  const sign = amount < 0 ? -1 : 1;
  const abs = Math.abs(amount);
  const parts = weights.map((w) => Math.floor((abs * w) / total));
  let left = abs - parts.reduce((s, p) => s + p, 0);
  const order = weights
    .map((w, i) => ({ i, rem: (abs * w) / total - parts[i]! }))
    .sort((x, y) => y.rem - x.rem || x.i - y.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts.map((p) => p * sign + 0);
}

/**
 * Deterministic assignment of a unit to a weighted variant: a 53-bit hash (cyrb53) of
 * `experiment:unit` mapped to [0, 1) and cut by the cumulative weights. The same unit always gets
 * the same variant; changing the weights moves only the units near the changed cut.
 */

/** cyrb53 (public domain, bryc): a fast 53-bit string hash with good avalanche. */
export function hash53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The unit's position in [0, 1) for an experiment. */
export function bucketOf(experiment: string, unit: string): number {
  return hash53(`${experiment}:${unit}`) / 2 ** 53;
}

export function assignVariant<V extends { name: string; weight?: number }>(experiment: string, unit: string, variants: readonly V[]): V {
  if (variants.length === 0) throw new RangeError('variants: at least one variant is needed');
  const weights = variants.map((v, i) => {
    const w = v.weight ?? 1;
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`variants[${i}].weight: must be a finite number >= 0, got ${w}`);
    return w;
  });
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new RangeError('variants: the weights sum to zero');
  const x = bucketOf(experiment, unit) * total;
  let acc = 0;
  for (let i = 0; i < variants.length; i++) {
    acc += weights[i]!;
    if (x < acc) return variants[i]!;
  }
  return variants[variants.length - 1]!;
}

/**
 * The 11 named RFM groups (the names Shopify's customer segmentation uses) as ranges of the R and
 * F scores, and the operations handbook's four strata from R, F and M. Our own definitions: the
 * ranges below are the documentation.
 */

export type RfmGroup =
  | 'champions' | 'loyal' | 'active' | 'new' | 'promising' | 'needs_attention'
  | 'at_risk' | 'almost_lost' | 'previously_loyal' | 'dormant' | 'prospects';

/**
 * The ten buyer groups tile the 5 × 5 R × F grid, each cell exactly once:
 *
 *   R\F   1            2            3            4–5
 *   5     new          promising    active       champions
 *   4     promising    promising    active       loyal
 *   3     needs_att.   needs_att.   needs_att.   loyal
 *   2     almost_lost  almost_lost  at_risk      at_risk
 *   1     dormant      dormant      prev._loyal  prev._loyal
 *
 * 'prospects' are customers with no order in the window (no scores).
 */
export const RFM_GROUP_RULES: readonly { group: Exclude<RfmGroup, 'prospects'>; r: [number, number]; f: [number, number] }[] = [
  { group: 'champions', r: [5, 5], f: [4, 5] }, // bought lately and often
  { group: 'loyal', r: [3, 4], f: [4, 5] }, // buy often, not quite the latest
  { group: 'active', r: [4, 5], f: [3, 3] }, // recent, middling frequency
  { group: 'new', r: [5, 5], f: [1, 1] }, // one recent order
  { group: 'promising', r: [5, 5], f: [2, 2] }, // recent, few orders yet
  { group: 'promising', r: [4, 4], f: [1, 2] },
  { group: 'needs_attention', r: [3, 3], f: [1, 3] }, // mid recency, not frequent: slipping
  { group: 'at_risk', r: [2, 2], f: [3, 5] }, // used to buy often, going quiet
  { group: 'almost_lost', r: [2, 2], f: [1, 2] }, // few orders and going quiet
  { group: 'previously_loyal', r: [1, 1], f: [3, 5] }, // bought often, long ago
  { group: 'dormant', r: [1, 1], f: [1, 2] }, // few orders, long ago
];

export function rfmGroup(r: number, f: number): Exclude<RfmGroup, 'prospects'> {
  const rule = RFM_GROUP_RULES.find((g) => r >= g.r[0] && r <= g.r[1] && f >= g.f[0] && f <= g.f[1]);
  if (!rule) throw new RangeError(`rfmGroup: r and f must be integer scores 1–5, got r=${r}, f=${f}`);
  return rule.group;
}

export type RfmStratum = 'high_value' | 'potential' | 'growth' | 'basic';

/**
 * The handbook's strata (用户分层), first match wins:
 * - high_value (高价值): M ≥ 4 and F ≥ 4 — spend a lot and often;
 * - potential (潜力): M ≥ 4 and F ≤ 3 — spend a lot but seldom, frequency to develop;
 * - growth (成长): M ≤ 3 and R ≥ 4 — recent buyers with smaller spend, basket to grow;
 * - basic (基础): everyone else, prospects included.
 */
export function rfmStratum(s: { r: number; f: number; m: number }): RfmStratum {
  if (s.m >= 4 && s.f >= 4) return 'high_value';
  if (s.m >= 4) return 'potential';
  if (s.r >= 4) return 'growth';
  return 'basic';
}

import { describe, expect, it } from 'vitest';
import { lifecycleStage, lifecycleTimeline } from './lifecycle.js';

// Hand-made fixtures; the expected stages follow the rules written in lifecycle.ts / docs/customers.md
// with the default thresholds (at risk after 90 days without a purchase, churned after 180).
describe('lifecycle stages', () => {
  it('applies the written rules on a day', () => {
    expect(lifecycleStage([], 10)).toBeNull();
    expect(lifecycleStage([100], 99)).toBeNull();
    expect(lifecycleStage([100], 100)).toBe('new');
    expect(lifecycleStage([100], 190)).toBe('new');
    expect(lifecycleStage([100], 191)).toBe('at_risk');
    expect(lifecycleStage([100], 280)).toBe('at_risk');
    expect(lifecycleStage([100], 281)).toBe('churned');
    expect(lifecycleStage([100, 150], 160)).toBe('active');
    // Came back 200 days after the last purchase: won back, until the next ordinary purchase.
    expect(lifecycleStage([100, 300], 310)).toBe('won_back');
    expect(lifecycleStage([100, 300, 320], 330)).toBe('active');
    expect(lifecycleStage([100, 300], 391)).toBe('at_risk');
  });

  it('records every transition up to the as-of day', () => {
    // Bought on days 0 and 30, silent until day 400, then again on day 420.
    expect(lifecycleTimeline([0, 30, 400, 420], 800)).toEqual([
      { day: 0, from: null, to: 'new' },
      { day: 30, from: 'new', to: 'active' },
      { day: 121, from: 'active', to: 'at_risk' },
      { day: 211, from: 'at_risk', to: 'churned' },
      { day: 400, from: 'churned', to: 'won_back' },
      { day: 420, from: 'won_back', to: 'active' },
      { day: 511, from: 'active', to: 'at_risk' },
      { day: 601, from: 'at_risk', to: 'churned' },
    ]);
    // Cut at day 150: later purchases and crossings are not seen.
    expect(lifecycleTimeline([0, 30, 400, 420], 150).map((t) => t.to)).toEqual(['new', 'active', 'at_risk']);
    // A purchase before the at-risk crossing cancels it.
    expect(lifecycleTimeline([0, 80, 160], 200).map((t) => t.to)).toEqual(['new', 'active']);
  });

  it('rejects unsorted days and bad rules', () => {
    expect(() => lifecycleStage([5, 5], 10)).toThrow(/strictly increasing/);
    expect(() => lifecycleTimeline([1], 10, { atRiskDays: 90, churnDays: 90 })).toThrow(/churnDays must be an integer > atRiskDays/);
  });
});

import { describe, expect, it } from 'vitest';
import { RFM_GROUP_RULES, rfmGroup, rfmStratum } from './rfm-groups.js';
import { quintileScores, scoreRfm } from './rfm.js';

describe('quintileScores', () => {
  it('splits ten distinct values into five pairs, whatever the input order', () => {
    expect([...quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], true)]).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
    expect([...quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], false)]).toEqual([1, 5, 1, 5, 2, 4, 2, 4, 3, 3]);
  });

  it('gives ties one score, that of the start of the tied block', () => {
    // Six of ten customers with one order: none is strictly worse than them, so all score 1.
    expect([...quintileScores([1, 1, 1, 1, 1, 1, 2, 2, 3, 9], true)]).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    expect([...quintileScores([7, 7, 7], true)]).toEqual([1, 1, 1]);
  });
});

describe('RFM groups and strata', () => {
  it('every R × F cell belongs to exactly one group', () => {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        expect(RFM_GROUP_RULES.filter((g) => r >= g.r[0] && r <= g.r[1] && f >= g.f[0] && f <= g.f[1])).toHaveLength(1);
      }
    }
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmGroup(r, f)));
    expect(grid).toEqual([
      ['new', 'promising', 'active', 'champions', 'champions'],
      ['promising', 'promising', 'active', 'loyal', 'loyal'],
      ['needs_attention', 'needs_attention', 'needs_attention', 'loyal', 'loyal'],
      ['almost_lost', 'almost_lost', 'at_risk', 'at_risk', 'at_risk'],
      ['dormant', 'dormant', 'previously_loyal', 'previously_loyal', 'previously_loyal'],
    ]);
    expect(() => rfmGroup(0, 3)).toThrow(/integer scores 1–5/);
  });

  it('assigns strata by the written rule', () => {
    expect([{ r: 1, f: 5, m: 5 }, { r: 5, f: 1, m: 4 }, { r: 4, f: 2, m: 3 }, { r: 3, f: 5, m: 3 }].map(rfmStratum))
      .toEqual(['high_value', 'potential', 'growth', 'basic']);
  });
});

describe('scoreRfm', () => {
  it('scores buyers by quintile and names prospects', () => {
    const customers = [
      { customerId: 'c1', recencyDays: 2, frequency: 12, monetary: 5000 },
      { customerId: 'c2', recencyDays: 5, frequency: 1, monetary: 80 },
      { customerId: 'c3', recencyDays: 40, frequency: 6, monetary: 1200 },
      { customerId: 'c4', recencyDays: 200, frequency: 9, monetary: 2500 },
      { customerId: 'c5', recencyDays: 365, frequency: 2, monetary: 150 },
      { customerId: 'p1', recencyDays: null, frequency: 0, monetary: 0 },
    ];
    expect(scoreRfm(customers)).toEqual([
      { customerId: 'c1', r: 5, f: 5, m: 5, group: 'champions', stratum: 'high_value' },
      { customerId: 'c2', r: 4, f: 1, m: 1, group: 'promising', stratum: 'growth' },
      { customerId: 'c3', r: 3, f: 3, m: 3, group: 'needs_attention', stratum: 'basic' },
      { customerId: 'c4', r: 2, f: 4, m: 4, group: 'at_risk', stratum: 'high_value' },
      { customerId: 'c5', r: 1, f: 2, m: 2, group: 'dormant', stratum: 'basic' },
      { customerId: 'p1', r: null, f: null, m: null, group: 'prospects', stratum: 'basic' },
    ]);
  });

  it('rejects bad input naming the field', () => {
    expect(() => scoreRfm([{ customerId: 'a', recencyDays: null, frequency: 2, monetary: 1 }])).toThrow(/customers\[0\]\.recencyDays must be/);
    expect(() => scoreRfm([{ customerId: 'a', recencyDays: 1, frequency: -1, monetary: 1 }])).toThrow(/customers\[0\]\.frequency must be an integer >= 0/);
    expect(() => scoreRfm([{ customerId: 'a', recencyDays: 1, frequency: 1, monetary: NaN }])).toThrow(/customers\[0\]\.monetary/);
  });
});

import { describe, expect, it } from 'vitest';
import { rateRisk, riskHeatMap, riskLevel } from './risk-matrix.js';

describe('risk matrix', () => {
  it('scores likelihood × impact and bands the score', () => {
    expect(rateRisk(1, 1)).toEqual({ likelihood: 1, impact: 1, score: 1, level: 'low' });
    expect(rateRisk(2, 2).level).toBe('low'); // 4
    expect(rateRisk(1, 5).level).toBe('medium'); // 5
    expect(rateRisk(3, 3).level).toBe('medium'); // 9
    expect(rateRisk(2, 5).level).toBe('high'); // 10
    expect(rateRisk(4, 4).level).toBe('high'); // 16
    expect(rateRisk(4, 5)).toEqual({ likelihood: 4, impact: 5, score: 20, level: 'critical' });
    expect(rateRisk(5, 5).level).toBe('critical');
  });

  it('bands the 25 cells into 8 low, 7 medium, 7 high and 3 critical', () => {
    const counts: Record<string, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) counts[rateRisk(l, i).level]!++;
    // By hand: ≤ 4 (1·1,1·2,2·1,1·3,3·1,1·4,4·1,2·2); 5–9 (1·5,5·1,2·3,3·2,2·4,4·2,3·3);
    // 10–16 (2·5,5·2,3·4,4·3,3·5,5·3,4·4); ≥ 20 (4·5,5·4,5·5).
    expect(counts).toEqual({ low: 8, medium: 7, high: 7, critical: 3 });
  });

  it('rejects values off the grid', () => {
    expect(() => rateRisk(0, 3)).toThrow(RangeError);
    expect(() => rateRisk(3, 6)).toThrow(RangeError);
    expect(() => rateRisk(2.5, 3)).toThrow(RangeError);
    expect(() => riskLevel(26)).toThrow(RangeError);
  });

  it('places risks on the heat map, likelihood 5 in the top row', () => {
    const map = riskHeatMap([{ id: 'a', likelihood: 5, impact: 1 }, { id: 'b', likelihood: 1, impact: 5 }, { id: 'c', likelihood: 5, impact: 1 }]);
    expect(map).toHaveLength(5);
    expect(map[0]![0]).toMatchObject({ likelihood: 5, impact: 1, count: 2, ids: ['a', 'c'], level: 'medium' });
    expect(map[4]![4]).toMatchObject({ likelihood: 1, impact: 5, count: 1, ids: ['b'] });
    expect(map.flat().reduce((s, c) => s + c.count, 0)).toBe(3);
  });
});

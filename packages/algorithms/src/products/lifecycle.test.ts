// Lifecycle stages on synthetic sales curves and the selection score by hand.
import { describe, expect, it } from 'vitest';
import { assessStage, selectionScore, stageHistory } from './lifecycle.js';

// A product life: 6 launch weeks at 5/week, a ramp +20%/week for 12 weeks, a plateau for 20 weeks,
// then −12%/week for 14 weeks.
const launch = Array.from({ length: 6 }, () => 5);
const ramp = Array.from({ length: 12 }, (_, i) => 5 * 1.2 ** (i + 1));
const top = ramp[ramp.length - 1]!;
const plateau = Array.from({ length: 20 }, (_, i) => top * (1 + 0.03 * Math.sin(i)));
const fall = Array.from({ length: 14 }, (_, i) => top * 0.88 ** (i + 1));
const life = [...launch, ...ramp, ...plateau, ...fall];

describe('lifecycle stage', () => {
  it('reads the four stages off a synthetic curve in order', () => {
    const { stages, changes } = stageHistory(life);
    // weeks 0–6: fewer than 8 weeks since the first sale
    expect(stages.slice(0, 7).every((s) => s === 'intro')).toBe(true);
    expect(stages[17]).toBe('growth'); // end of the ramp
    expect(stages[37]).toBe('maturity'); // end of the plateau
    expect(stages[51]).toBe('decline'); // end of the fall
    // The order of changes is intro → growth → maturity → decline, with no flapping.
    expect(changes.map((c) => c.to)).toEqual(['intro', 'growth', 'maturity', 'decline']);
    // The 4-week windows lag the curve: growth until 4 weeks into the plateau (week 22 = 18 + 4), decline from
    // 5 weeks into the fall (week 43 = 38 + 5), when the recent window is ≥ 10% below the previous and < 60% of the peak.
    expect(changes.map((c) => c.week)).toEqual([0, 7, 22, 43]);
  });

  it('applies the rule to hand-computed windows', () => {
    // 8 weeks: previous 4 mean 10, last 4 mean 12 → +20% ≥ 15% → growth
    expect(assessStage([10, 10, 10, 10, 12, 12, 12, 12])).toMatchObject({ stage: 'growth', velocity: 12, previousVelocity: 10, change: expect.closeTo(0.2, 12) });
    // +10% → maturity
    expect(assessStage([10, 10, 10, 10, 11, 11, 11, 11]).stage).toBe('maturity');
    // peak 20 (weeks 1–4), then 10 → 10 → decline by fall: −0 change but 10 < 0.6·20 needs a drop ≥ 10%:
    // previous 4 = 10, last 4 = 8 → −20%, 8 < 12 → decline
    expect(assessStage([20, 20, 20, 20, 10, 10, 10, 10, 8, 8, 8, 8]).stage).toBe('decline');
    // collapse: below 30% of the peak whatever the trend (5 vs peak 20)
    expect(assessStage([20, 20, 20, 20, 5, 5, 5, 5, 5, 5, 5, 5]).stage).toBe('decline');
    // a young product is in introduction whatever it sells
    expect(assessStage([1, 50, 100]).stage).toBe('intro');
  });
});

describe('selection score', () => {
  it('weights the recorded signals (by hand)', () => {
    // trend +10% → 0.6; margin 30% → 0.5; returns 6% → 0.8; rating 4.2 → 0.8; reliability 0.9; competition 0.5 → 0.5
    // Σ w·s = .25·.6 + .25·.5 + .15·.8 + .15·.8 + .1·.9 + .1·.5 = .15 + .125 + .12 + .12 + .09 + .05 = .655 → 65.5
    const r = selectionScore({ demandTrend: 0.1, marginRate: 0.3, returnRate: 0.06, rating: 4.2, supplyReliability: 0.9, competition: 0.5 });
    expect(r.score).toBeCloseTo(65.5, 10);
    expect(r.parts.rating).toBeCloseTo(0.8, 12);
    // Missing signals drop out of the denominator: trend and margin only → (.25·.6 + .25·.5)/.5 = 55
    expect(selectionScore({ demandTrend: 0.1, marginRate: 0.3 }).score).toBeCloseTo(55, 10);
    // Editable weights: margin only → 50
    expect(selectionScore({ demandTrend: 0.1, marginRate: 0.3 }, { demandTrend: 0, marginRate: 1, returnRate: 0, rating: 0, supplyReliability: 0, competition: 0 }).score).toBeCloseTo(50, 10);
    expect(selectionScore({}).score).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { orderSteps, withDependencies } from './dag.js';
import type { PipelineStep } from './pipeline.types.js';

const step = (name: string, dependsOn: string[] = []): PipelineStep => ({ name, description: name, dependsOn, run: async () => ({ rows: 0 }) });

describe('pipeline DAG', () => {
  it('orders steps after their dependencies, stable in registration order', () => {
    const steps = [step('clv', ['rfm']), step('kpi'), step('rfm', ['kpi']), step('alerts', ['kpi', 'clv'])];
    expect(orderSteps(steps).map((s) => s.name)).toEqual(['kpi', 'rfm', 'clv', 'alerts']);
  });

  it('selects a step with its transitive dependencies only', () => {
    const steps = [step('kpi'), step('abc'), step('rfm', ['kpi']), step('clv', ['rfm'])];
    expect(withDependencies(steps, 'clv').map((s) => s.name)).toEqual(['kpi', 'rfm', 'clv']);
    expect(() => withDependencies(steps, 'nope')).toThrow(/no step named nope/);
  });

  it('rejects cycles, unknown dependencies and duplicate names', () => {
    expect(() => orderSteps([step('a', ['b']), step('b', ['a'])])).toThrow(/cycle among a, b/);
    expect(() => orderSteps([step('a', ['x'])])).toThrow(/unknown step x/);
    expect(() => orderSteps([step('a'), step('a')])).toThrow(/share a name/);
  });
});

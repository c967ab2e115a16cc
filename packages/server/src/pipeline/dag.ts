import type { PipelineStep } from './pipeline.types.js';

/**
 * Order steps so each comes after the steps it depends on (Kahn's algorithm, ties broken by
 * registration order so runs are repeatable). Unknown dependencies and cycles are errors.
 */
export function orderSteps(steps: readonly PipelineStep[]): PipelineStep[] {
  const byName = new Map(steps.map((s) => [s.name, s]));
  if (byName.size !== steps.length) throw new Error('pipeline: two steps share a name');
  for (const s of steps) {
    for (const d of s.dependsOn) if (!byName.has(d)) throw new Error(`pipeline: step ${s.name} depends on unknown step ${d}`);
  }
  const remaining = new Map(steps.map((s) => [s.name, new Set(s.dependsOn)]));
  const out: PipelineStep[] = [];
  while (remaining.size > 0) {
    const ready = steps.find((s) => remaining.get(s.name)?.size === 0);
    if (!ready) throw new Error(`pipeline: dependency cycle among ${[...remaining.keys()].join(', ')}`);
    out.push(ready);
    remaining.delete(ready.name);
    for (const deps of remaining.values()) deps.delete(ready.name);
  }
  return out;
}

/** The step and everything it depends on, transitively, in run order. */
export function withDependencies(steps: readonly PipelineStep[], name: string): PipelineStep[] {
  const byName = new Map(steps.map((s) => [s.name, s]));
  if (!byName.has(name)) throw new Error(`pipeline: no step named ${name} (steps: ${steps.map((s) => s.name).join(', ')})`);
  const wanted = new Set<string>();
  const visit = (n: string) => {
    if (wanted.has(n)) return;
    wanted.add(n);
    byName.get(n)!.dependsOn.forEach(visit);
  };
  visit(name);
  return orderSteps(steps).filter((s) => wanted.has(s.name));
}

/** CVRPLIB solution (`.sol`) parser: "Route #k: c1 c2 …" lines then "Cost X"; depot omitted. */
import type { Routes } from './model.js';

export function parseCvrplibSolution(text: string): { routes: Routes; cost: number } {
  const routes = [...text.matchAll(/^Route #\d+:(.*)$/gm)].map((m) => m[1]!.trim().split(/\s+/).filter(Boolean).map(Number));
  const cost = Number(/^Cost\s+([\d.]+)/m.exec(text)?.[1]);
  return { routes, cost };
}

/** The same format, for handing solutions to CVRPLIB-style checkers. */
export function formatCvrplibSolution(routes: Routes, cost: number): string {
  return `${routes.map((r, k) => `Route #${k + 1}: ${r.join(' ')}`).join('\n')}\nCost ${cost}\n`;
}

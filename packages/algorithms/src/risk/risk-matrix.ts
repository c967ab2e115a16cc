// The 5 × 5 likelihood × impact matrix (ISO 31000 practice): score = likelihood · impact, 1..25,
// banded into four levels. Bands follow the common 1–4 / 5–9 / 10–16 / 20–25 split.

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];

export interface RiskRating {
  likelihood: number;
  impact: number;
  score: number;
  level: RiskLevel;
}

function checkAxis(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1 || v > 5) throw new RangeError(`${name} must be an integer 1..5, got ${v}`);
}

export function riskLevel(score: number): RiskLevel {
  if (!Number.isInteger(score) || score < 1 || score > 25) throw new RangeError(`score must be an integer 1..25, got ${score}`);
  if (score <= 4) return 'low';
  if (score <= 9) return 'medium';
  if (score <= 16) return 'high';
  return 'critical';
}

export function rateRisk(likelihood: number, impact: number): RiskRating {
  checkAxis('likelihood', likelihood);
  checkAxis('impact', impact);
  const score = likelihood * impact;
  return { likelihood, impact, score, level: riskLevel(score) };
}

export interface HeatMapCell {
  likelihood: number;
  impact: number;
  score: number;
  level: RiskLevel;
  count: number;
  ids: string[];
}

/** The 25 cells (likelihood 5 → 1 rows, impact 1 → 5 columns) with the risks that fall in each. */
export function riskHeatMap(risks: readonly { id: string; likelihood: number; impact: number }[]): HeatMapCell[][] {
  const rows: HeatMapCell[][] = [];
  for (let l = 5; l >= 1; l--) {
    const row: HeatMapCell[] = [];
    for (let i = 1; i <= 5; i++) row.push({ ...rateRisk(l, i), count: 0, ids: [] });
    rows.push(row);
  }
  for (const r of risks) {
    checkAxis('likelihood', r.likelihood);
    checkAxis('impact', r.impact);
    const cell = rows[5 - r.likelihood]![r.impact - 1]!;
    cell.count++;
    cell.ids.push(r.id);
  }
  return rows;
}

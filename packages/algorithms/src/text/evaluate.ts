// Accuracy of a classifier on a labelled set: overall accuracy, per-class precision, recall
// and F1 (one-vs-rest), and the confusion matrix.

export interface ClassReport {
  label: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  classes: ClassReport[];
  /** confusion[actual][predicted] = count */
  confusion: Record<string, Record<string, number>>;
}

export function evaluateLabels(pairs: readonly { actual: string; predicted: string }[]): EvaluationReport {
  const labels = [...new Set(pairs.flatMap((p) => [p.actual, p.predicted]))].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const a of labels) confusion[a] = Object.fromEntries(labels.map((p) => [p, 0]));
  let correct = 0;
  for (const { actual, predicted } of pairs) {
    confusion[actual]![predicted]!++;
    if (actual === predicted) correct++;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const classes = labels.map((label) => {
    const tp = confusion[label]![label]!;
    const support = labels.reduce((s, p) => s + confusion[label]![p]!, 0);
    const predicted = labels.reduce((s, a) => s + confusion[a]![label]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, support, precision: round(precision), recall: round(recall), f1: round(f1) };
  }).filter((c) => c.support > 0);
  const macroF1 = classes.reduce((s, c) => s + c.f1, 0) / (classes.length || 1);
  return { n: pairs.length, accuracy: round(pairs.length ? correct / pairs.length : 0), macroF1: round(macroF1), classes, confusion };
}

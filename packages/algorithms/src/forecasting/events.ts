// Promotion and holiday effects: a multiplicative lift per event type, estimated from the series'
// own history as the ratio of demand in the event periods to a baseline for them, shrunk toward 1
// by the number of past occurrences, and applied to the future periods that carry the event.

export interface EventLift {
  /** Event type (a holiday label such as 双11, or a promotion kind). */
  event: string;
  /** Past periods carrying the event that had a baseline. */
  occurrences: number;
  /** Σ demand / Σ baseline over those periods (null when the baseline sums to 0). */
  raw: number | null;
  /** 1 + (raw − 1) · n / (n + k): the raw ratio shrunk toward 1 (no effect) by n occurrences. */
  lift: number;
}

export interface EventEstimate {
  /** Baseline of each period: the ordinary-demand estimate for event periods, null elsewhere. */
  baseline: (number | null)[];
  /** The history with event periods replaced by their baseline: what the model is fitted on. */
  cleaned: number[];
  /** One entry per event type seen in the history, by name. */
  lifts: EventLift[];
}

export interface EventOptions {
  /** Non-event periods averaged into an event period's baseline (default 4): the nearest before it, else after. */
  window?: number;
  /** Shrinkage constant k (default 1): one past occurrence keeps half of its observed effect. */
  shrinkage?: number;
}

/**
 * Estimates per event type the lift over the baseline. The baseline of an event period is the mean
 * of the `window` nearest earlier periods without any event (the later ones when none precede it):
 * the level a flat model would have forecast for it. A period with several events counts toward
 * each of them.
 */
export function estimateEventLifts(y: readonly number[], events: readonly (readonly string[])[], opts: EventOptions = {}): EventEstimate {
  if (events.length !== y.length) throw new RangeError(`estimateEventLifts: events has ${events.length} periods, y has ${y.length}`);
  const window = opts.window ?? 4;
  const k = opts.shrinkage ?? 1;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`estimateEventLifts: window must be an integer >= 1, got ${window}`);
  if (!(k >= 0)) throw new RangeError(`estimateEventLifts: shrinkage must be >= 0, got ${k}`);
  const plain = events.map((e) => e.length === 0);
  const baseline: (number | null)[] = y.map(() => null);
  const cleaned = y.slice();
  const sums = new Map<string, { y: number; b: number; n: number }>();
  for (let t = 0; t < y.length; t++) {
    if (plain[t]) continue;
    const picked: number[] = [];
    for (let s = t - 1; s >= 0 && picked.length < window; s--) if (plain[s]) picked.push(y[s]!);
    if (picked.length === 0) for (let s = t + 1; s < y.length && picked.length < window; s++) if (plain[s]) picked.push(y[s]!);
    if (picked.length === 0) continue;
    const b = picked.reduce((a, v) => a + v, 0) / picked.length;
    baseline[t] = b;
    cleaned[t] = b;
    for (const e of new Set(events[t])) {
      const acc = sums.get(e) ?? { y: 0, b: 0, n: 0 };
      acc.y += y[t]!;
      acc.b += b;
      acc.n += 1;
      sums.set(e, acc);
    }
  }
  const lifts = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([event, s]) => {
    const raw = s.b > 0 ? s.y / s.b : null;
    const lift = raw === null ? 1 : 1 + ((raw - 1) * s.n) / (s.n + k);
    return { event, occurrences: s.n, raw, lift };
  });
  return { baseline, cleaned, lifts };
}

export interface EventForecast {
  /** The model's forecast on the cleaned history. */
  base: number[];
  /** Multiplier per future period: the largest lift among its events (1 without a known event). */
  lift: number[];
  /** Which known event gave each period its lift (null: none). */
  event: (string | null)[];
  /** base × lift. */
  forecast: number[];
}

/** Lifts the base forecast of each future period by the largest estimated lift among its events. */
export function applyEventLifts(base: readonly number[], future: readonly (readonly string[])[], lifts: readonly EventLift[]): EventForecast {
  if (future.length !== base.length) throw new RangeError(`applyEventLifts: future has ${future.length} periods, base has ${base.length}`);
  const byName = new Map(lifts.map((l) => [l.event, l.lift]));
  const lift: number[] = [];
  const event: (string | null)[] = [];
  for (const evs of future) {
    let best = 1;
    let which: string | null = null;
    for (const e of evs) {
      const l = byName.get(e);
      if (l !== undefined && (which === null || l > best)) { best = l; which = e; }
    }
    lift.push(best);
    event.push(which);
  }
  return { base: base.slice(), lift, event, forecast: base.map((b, i) => b * lift[i]!) };
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { env } from 'node:process';
import { describe, expect, it } from 'vitest';
import { compileRules } from './compile.js';
import { quote } from './quote.js';
import { regressionCases } from './regression-cases.js';

// Regression net for the engine's speed work: whole quotes of random rule sets and carts (every
// promotion kind, targeting, schedules, limits, coupons, points, shipping, margin floors, time
// zones; regression-cases.ts, seed 20261124, 200 rule sets × 5 carts) pinned against the quotes
// of the engine as it was at commit e84636c, before the optimisation. The fixture holds, per
// cart, its payable and the first 16 hex digits of the SHA-256 of JSON.stringify(quote) (the
// whole quote: lines, price paths, allocations, reasons in both languages, rejections), or of
// the error message for a refused input. Recorded with
//   PRICING_RECORD=1 npx vitest run packages/algorithms/src/pricing/quote.regression.test.ts
// — only ever re-record when a change of results is intended and documented.
const SEED = 20261124;
const FIXTURE = new URL('./fixtures/quote-regression.json', import.meta.url);

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

function run(): { payable: number | null; digest: string }[] {
  const out: { payable: number | null; digest: string }[] = [];
  for (const c of regressionCases(SEED, 200, 5)) {
    const compiled = compileRules(c.rules);
    for (const [k, cart] of c.carts.entries()) {
      let json: string, again: string, raw: string | undefined, payable: number;
      try {
        const q = quote(compiled, cart);
        payable = q.payable;
        json = JSON.stringify(q);
        // Quoting again (the engine's caches warm) and, for a rule set's first cart, from the raw
        // rules gives the same quote.
        again = JSON.stringify(quote(compiled, cart));
        if (k === 0) raw = JSON.stringify(quote(c.rules, cart));
      } catch (e) {
        out.push({ payable: null, digest: digest(`error: ${(e as Error).message}`) });
        continue;
      }
      expect(again).toBe(json);
      if (raw !== undefined) expect(raw).toBe(json);
      out.push({ payable, digest: digest(json) });
    }
  }
  return out;
}

describe('promotion engine: regression against recorded quotes', () => {
  it('quotes 1,000 random carts exactly as the engine did before the speed work', () => {
    const got = run();
    if (env.PRICING_RECORD === '1') {
      const rows = got.map((q) => JSON.stringify([q.payable, q.digest])).join(',\n');
      fs.writeFileSync(FIXTURE, `{"seed": ${SEED}, "ruleSets": 200, "cartsPerSet": 5, "recordedFrom": "e84636c", "quotes": [\n${rows}\n]}\n`);
    }
    const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { seed: number; quotes: [number | null, string][] };
    expect(fixture.seed).toBe(SEED);
    expect(got).toHaveLength(1000);
    // Every case compared (payables first: a difference there is the readable one).
    expect(got.map((q) => q.payable)).toEqual(fixture.quotes.map((q) => q[0]));
    expect(got.map((q) => q.digest)).toEqual(fixture.quotes.map((q) => q[1]));
    // The cases are not degenerate: most carts are quoted, with discounts of many kinds.
    expect(got.filter((q) => q.payable !== null).length).toBeGreaterThan(950);
  });
});

import fs from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import { cart as cartSchema, pricingRules } from '@zhanggui/contracts';
import { quote, type Cart, type PricingRules, type Quote } from '@zhanggui/algorithms';
import { formatRows } from '../output.js';

// The contracts' parsed shapes are the engine's input shapes: a change to one that the other does
// not follow fails the type check here.
const _rulesFit: (r: z.infer<typeof pricingRules>) => PricingRules = (r) => r;
const _cartFit: (c: z.infer<typeof cartSchema>) => Cart = (c) => c;
void _rulesFit; void _cartFit;

/** Read and validate a JSON file against a schema; every problem names the file and the field. */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>, what: string): T {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new Error(`${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`); }
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) { throw new Error(`${what} ${file}: not JSON (${(e as Error).message})`); }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)'}: ${i.message}`);
    throw new Error(`${what} ${file} is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

function printTable(q: Quote): string {
  const lines = formatRows(q.lines.map((l) => ({
    line: l.index, sku: l.sku, qty: l.quantity, list: yuan(l.listPrice), unit: yuan(l.unitPrice),
    price: l.pricePath.find((s) => s.chosen)!.source, items: yuan(l.itemAmount), discounts: yuan(l.itemAmount - l.netAmount), net: yuan(l.netAmount),
  })), 'table');
  const discounts = formatRows(q.discounts.map((d) => ({ stage: d.stage, id: d.id, amount: yuan(d.amount), reason: d.reason.zh + (d.capped ? `（${d.capped.zh}）` : '') })), 'table');
  const rejected = q.rejected.length ? `\n\nnot applied:\n${formatRows(q.rejected.map((r) => ({ stage: r.stage, id: r.id, reason: r.reason.zh })), 'table')}` : '';
  const totals = `items ${yuan(q.itemAmount)}  promotions −${yuan(q.orderPromotionDiscount)}  coupons −${yuan(q.couponDiscount)}  points −${yuan(q.pointsDiscount)} (${q.pointsUsed})  shipping ${yuan(q.shippingFee - q.shippingDiscount)}  payable ${yuan(q.payable)} ${q.currency}`;
  return `${lines}\n\n${discounts}${rejected}\n\n${totals}`;
}

export function registerPriceCommands(program: Command): void {
  const price = program.command('price').description('Pricing and promotions (docs/promotions.md)');
  price.command('quote')
    .description('Quote a cart against promotion definitions (the API\'s JSON), without a database')
    .requiredOption('--promotions <file>', 'pricing rules JSON: { promotions, coupons?, points?, shipping?, timeZone?, marginFloor? }')
    .requiredOption('--cart <file>', 'cart JSON: { at, lines, customer?, channel?, coupons?, points?, usage? }')
    .option('--format <format>', 'table | json', 'table')
    .action((opts: { promotions: string; cart: string; format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') throw new Error(`--format: expected table or json, got '${opts.format}'`);
      const rules = readJsonFile(opts.promotions, pricingRules, 'promotions');
      const cart = readJsonFile(opts.cart, cartSchema, 'cart');
      const q = quote(rules, cart);
      process.stdout.write(`${opts.format === 'json' ? JSON.stringify(q, null, 2) : printTable(q)}\n`);
    });
}

import type { Page } from 'playwright-core';

/** 营销活动 (calendar, list, 满减 editor with live preview) and A/B 实验, as an operator sees them. */
export class PromotionsPage {
  constructor(readonly page: Page) {}

  async open(base: string): Promise<void> {
    await this.page.goto(`${base}/promotions`);
    await this.page.getByTestId('promo-editor').waitFor();
  }

  /** Fill the 满减 editor: code, name and tiers ([spend, off] in yuan; a missing tier is cleared). */
  async fillThreshold(code: string, name: string, tiers: [string, string][]): Promise<void> {
    await this.page.getByTestId('promo-id').fill(code);
    await this.page.getByTestId('promo-name').fill(name);
    for (const n of [1, 2]) {
      await this.page.getByTestId(`promo-threshold-${n}`).fill(tiers[n - 1]?.[0] ?? '');
      await this.page.getByTestId(`promo-discount-${n}`).fill(tiers[n - 1]?.[1] ?? '');
    }
  }

  async setCartLine(i: number, sku: string, price: string, qty: string): Promise<void> {
    await this.page.getByTestId(`cart-sku-${i}`).fill(sku);
    await this.page.getByTestId(`cart-price-${i}`).fill(price);
    await this.page.getByTestId(`cart-qty-${i}`).fill(qty);
  }

  /** The preview's payable once it shows `expected` (the preview follows the form with a short delay). */
  async waitForPayable(expected: string): Promise<string> {
    const el = this.page.getByTestId('preview-payable');
    await el.filter({ hasText: expected }).waitFor();
    return (await el.textContent()) ?? '';
  }

  discounts() { return this.page.getByTestId('preview-discount'); }

  async save(): Promise<string> {
    await this.page.getByTestId('promo-save').click();
    const saved = this.page.getByTestId('promo-saved');
    await saved.waitFor();
    return (await saved.textContent()) ?? '';
  }

  /** 活动效果: pick a promotion or coupon batch and wait for its incrementality report. */
  async openResults(code: string): Promise<{ label: string; roi: string; causal: string }> {
    await this.page.getByTestId('results-ref').selectOption(code);
    const report = this.page.getByTestId('results-report');
    await report.waitFor();
    return {
      label: (await this.page.getByTestId('results-label').textContent())?.trim() ?? '',
      roi: (await this.page.getByTestId('results-roi').textContent()) ?? '',
      causal: (await report.getAttribute('data-causal')) ?? '',
    };
  }

  /** Fill the 新建优惠券批次 form (fields by name: code, name, threshold, amount, validFrom, validTo, perCustomer, total, holdout) and submit it. */
  async createCouponBatch(fields: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(fields)) await this.page.getByTestId(`coupon-${k}`).fill(v);
    await this.page.getByTestId('coupon-create').click();
  }

  /** Fill coupon-editor fields (same names as createCouponBatch) without submitting. */
  async fillCoupon(fields: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(fields)) await this.page.getByTestId(`coupon-${k}`).fill(v);
  }

  async setCouponCartLine(i: number, sku: string, price: string, qty: string): Promise<void> {
    await this.page.getByTestId(`coupon-cart-sku-${i}`).fill(sku);
    await this.page.getByTestId(`coupon-cart-price-${i}`).fill(price);
    await this.page.getByTestId(`coupon-cart-qty-${i}`).fill(qty);
  }

  /** The coupon editor's preview once its payable shows `expected`: payable, coupon discount, the quote's moment and the stacking list. */
  async couponPreview(expected: string): Promise<{ payable: string; coupon: string; at: string; stacking: string[] }> {
    await this.page.getByTestId('coupon-preview-payable').filter({ hasText: expected }).waitFor();
    const box = this.page.getByTestId('coupon-promo-preview');
    return {
      payable: (await this.page.getByTestId('coupon-preview-payable').textContent()) ?? '',
      coupon: (await this.page.getByTestId('coupon-preview-coupon').textContent()) ?? '',
      at: (await box.getAttribute('data-at')) ?? '',
      stacking: await this.page.locator('[data-testid=coupon-preview-stacking] li').allTextContents(),
    };
  }

  /** Pick the coupon's type (amount | percent) and scope (order | item). */
  async setCouponKind(kind: 'amount' | 'percent', scope: 'order' | 'item'): Promise<void> {
    await this.page.getByTestId('coupon-kind').selectOption(kind);
    await this.page.getByTestId('coupon-scope').selectOption(scope);
  }

  async setCouponCartCategory(i: number, category: string): Promise<void> {
    await this.page.getByTestId(`coupon-cart-category-${i}`).fill(category);
  }

  /** A batch's row in 优惠券批次 as shown: rule, target and the tracking cells. */
  async couponRowCells(code: string): Promise<Record<'rule' | 'target' | 'issued' | 'redeemed' | 'expired' | 'heldout' | 'remaining' | 'rate', string>> {
    const row = this.couponRow(code);
    await row.waitFor();
    const cell = async (id: string) => (await row.getByTestId(`coupon-${id}`).textContent()) ?? '';
    return {
      rule: await cell('rule'), target: await cell('target'), issued: await cell('issued'), redeemed: await cell('redeemed'),
      expired: await cell('expired'), heldout: await cell('heldout'), remaining: await cell('remaining'), rate: await cell('rate'),
    };
  }

  couponError(field: string) { return this.page.getByTestId(`coupon-err-${field}`); }
  couponRow(code: string) { return this.page.locator(`[data-testid=coupon-list] tr[data-code="${code}"]`); }

  listRow(code: string) { return this.page.locator(`[data-testid=promo-list] tr[data-code="${code}"]`); }
  day(date: string) { return this.page.locator(`[data-testid=promo-day][data-date="${date}"]`); }

  /** 老带新: open the page and wait for its figures. */
  async openReferrals(base: string): Promise<void> {
    await this.page.goto(`${base}/referrals`);
    await this.page.getByTestId('ref-figures').waitFor();
    await this.page.getByTestId('ref-settings').waitFor();
  }

  /** The referral figures as shown, by test id (ref-total, ref-pending, …). */
  async referralFigures(ids: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const id of ids) out[id] = (await this.page.getByTestId(id).textContent()) ?? '';
    return out;
  }

  async openExperiments(base: string): Promise<void> {
    await this.page.goto(`${base}/experiments`);
    await this.page.getByTestId('exp-results').waitFor();
  }

  /** Fill the 新建实验 form (variants as [name, weight]; the first is the control) and submit it. */
  async createExperiment(code: string, name: string, kind: string, variants: [string, string][]): Promise<void> {
    await this.page.getByTestId('exp-code').fill(code);
    await this.page.getByTestId('exp-name').fill(name);
    await this.page.getByTestId('exp-kind').selectOption(kind);
    for (let i = 2; i < variants.length; i++) await this.page.getByTestId('exp-variant-add').click();
    for (const [i, [n, w]] of variants.entries()) {
      await this.page.getByTestId(`exp-variant-name-${i}`).fill(n);
      await this.page.getByTestId(`exp-variant-weight-${i}`).fill(w);
    }
    await this.page.getByTestId('exp-create').click();
  }

  /** The per-field error next to a setup field (code, name, variant-name-1, variant-weight-2, …). */
  fieldError(field: string) { return this.page.getByTestId(`exp-err-${field}`); }
  experimentOptions() { return this.page.locator('[data-testid=exp-select] option'); }

  async experimentCell(variant: string, cell: 'exp-p' | 'exp-win' | 'exp-mean' | 'exp-lift'): Promise<string> {
    return (await this.page.locator(`[data-testid=exp-row][data-variant="${variant}"] [data-testid=${cell}]`).textContent()) ?? '';
  }
}

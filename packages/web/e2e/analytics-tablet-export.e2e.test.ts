import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertItem, AlertRule, ChannelsReport, GoalProgress, Overview } from '@zhanggui/contracts';
import { openAlert } from '../../server/src/modules/analytics/index.js';
import { SHOTS, startConsole, type ConsoleHarness } from './harness.js';
import { AnalyticsPages } from './pages/analytics.page.js';

/** One worksheet cell as read back from the workbook's XML: its type and value, and the number format of dates. */
interface SheetCell { type: 'number' | 'string' | 'date'; value: number | string }

const xmlText = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * Read the first sheet of an .xlsx file by unzipping it and reading its OOXML directly (not with
 * the library that wrote it): shared or inline strings, numbers, and numbers whose cell style has
 * a date format (returned as YYYY-MM-DD).
 */
function readXlsx(file: string): SheetCell[][] {
  const zip = unzipSync(new Uint8Array(readFileSync(file)));
  const part = (name: string) => (zip[name] ? strFromU8(zip[name]) : '');
  const shared = [...part('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => xmlText([...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const styles = part('xl/styles.xml');
  const formats = new Map([...styles.matchAll(/<numFmt [^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"/g)].map((m) => [Number(m[1]), xmlText(m[2]!)]));
  const xfs = [...(styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)?.[1] ?? '').matchAll(/<xf\b([^>]*)>/g)].map((m) => Number(m[1]!.match(/numFmtId="(\d+)"/)?.[1] ?? 0));
  const isDateStyle = (s: number) => { const id = xfs[s] ?? 0; return (id >= 14 && id <= 22) || /y.*m.*d|d.*m.*y/i.test(formats.get(id) ?? ''); };
  const sheet = part('xl/worksheets/sheet1.xml');
  const col = (ref: string) => [...ref.replace(/\d+/g, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [...sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells: SheetCell[] = [];
    for (const c of row[1]!.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = Object.fromEntries([...c[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      const v = c[2]?.match(/<v>([\s\S]*?)<\/v>/)?.[1];
      const i = col(attrs.r!);
      if (attrs.t === 's') cells[i] = { type: 'string', value: shared[Number(v)]! };
      else if (attrs.t === 'inlineStr' || attrs.t === 'str') cells[i] = { type: 'string', value: xmlText(c[2]?.match(/<t[^>]*>([\s\S]*?)<\/t>/)?.[1] ?? v ?? '') };
      else if (v !== undefined && isDateStyle(Number(attrs.s ?? 0))) {
        cells[i] = { type: 'date', value: new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000).toISOString().slice(0, 10) };
      } else if (v !== undefined) cells[i] = { type: 'number', value: Number(v) };
    }
    return cells;
  });
}

/**
 * Goals and alert rules scoped by device, XLSX export of the data tables, and the analytics pages
 * at tablet sizes — on the harness's simulated store (60 days to 2026-03-31, browser on 2026-04-01).
 */
describe('analytics: device scope, XLSX export, tablet', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let base: string;
  let ui: AnalyticsPages;
  const api = async <T>(path: string): Promise<T> => {
    const res = await page.request.get(`${base}/api${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  const download = async (table: string): Promise<SheetCell[][]> => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${table}-xlsx`).click()]);
    expect(file.suggestedFilename()).toBe(`${table.replace(/-table$/, '').replace('rules', 'alert-rules')}.xlsx`);
    await file.saveAs(`${SHOTS}-${file.suggestedFilename()}`); // kept with the screenshots
    return readXlsx((await file.path())!);
  };

  beforeAll(async () => {
    harness = await startConsole({
      prepare: async (db) => {
        await openAlert(db.database.db, { key: 'e2e:stock:2026-03-30', source: 'inventory', severity: 'warning', title: 'SKU 缺货', day: '2026-03-30', evidence: { sku: 'A' } });
      },
    });
    ({ page, base } = harness);
    ui = new AnalyticsPages(page, base);
    await harness.signInAsOwner();
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('creates a mobile conversion goal and a mobile rule in the console; the goal shows the API figures', async () => {
    await ui.open('/goals', 'goals-page');
    // Metrics without a device split (spend, ROI, CPC) turn the device field off.
    await page.getByTestId('goal-form').locator('[name=metric]').selectOption('roi');
    expect(await page.getByTestId('goal-form').locator('[name=device]').isDisabled()).toBe(true);
    await page.getByTestId('goal-form').locator('[name=metric]').selectOption('conversionRate');
    await ui.fillForm('goal-form', { name: '手机转化率 ≥ 4.2%', device: 'mobile', startsOn: '2026-03-01', endsOn: '2026-03-31', targetKind: 'absolute', target: '4.2', direction: 'at_least', owner: '运营-李' });
    await page.getByTestId('goals-table').locator('td[data-col=name]', { hasText: '手机转化率' }).waitFor();
    const { goals } = await api<{ goals: GoalProgress[] }>('/analytics/goals');
    const g = goals.find((x) => x.name === '手机转化率 ≥ 4.2%')!;
    expect(g).toMatchObject({ metric: 'conversionRate', device: 'mobile', channel: null, startsOn: '2026-03-01', endsOn: '2026-04-01', totalDays: 31 });
    expect(g.targetValue).toBeCloseTo(0.042, 12);
    // The server's clock is past March, so the goal is complete: its actual is March's mobile conversion of the overview's device split.
    const march = await api<Overview>('/analytics/overview?from=2026-03-01&to=2026-04-01&compare=none');
    const mobile = march.byDevice.find((d) => d.key === 'mobile')!;
    expect(mobile.visitors).toBeGreaterThan(0);
    expect(g.actual).toBe(mobile.conversionRate);
    const pct = (v: number) => new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
    const row = page.getByTestId('goals-table').locator('tr', { hasText: '手机转化率' });
    expect(await row.locator('td[data-col=device]').textContent()).toBe('手机');
    expect(await row.locator('td[data-col=actual]').textContent()).toBe(pct(g.actual!));
    await page.screenshot({ path: `${SHOTS}-goals-device.png`, fullPage: true });

    await ui.open('/alerts', 'alerts-page');
    await page.getByTestId('rule-form').locator('[name=kind]').selectOption('threshold');
    await ui.fillForm('rule-form', { name: '手机日 GMV 低', metric: 'gmv', device: 'mobile', op: 'lt', value: '100', severity: 'warning' });
    await page.getByTestId('rules-table').locator('td[data-col=name]', { hasText: '手机日 GMV 低' }).waitFor();
    const { rules } = await api<{ rules: AlertRule[] }>('/analytics/alert-rules');
    expect(rules.find((r) => r.name === '手机日 GMV 低')).toMatchObject({ device: 'mobile', channel: null, condition: { kind: 'threshold', op: 'lt', value: 10_000, windowDays: 1 } });
    expect(await page.getByTestId('rules-table').locator('tr', { hasText: '手机日 GMV 低' }).locator('td[data-col=device]').textContent()).toBe('手机');
  });

  it('exports tables as XLSX workbooks: a header row, numbers as numbers, days as dates, equal to the API', async () => {
    await ui.open('/channels', 'channels-page');
    const report = await api<ChannelsReport>('/analytics/channels?from=2026-03-02&to=2026-04-01');
    const sheet = await download('channels-table');
    const header = sheet[0]!.map((c) => c.value);
    const headerTexts = await page.getByTestId('channels-table').locator('thead th').allTextContents();
    expect(header).toEqual(headerTexts.map((h) => h.replace(/ [▲▼]$/, '')));
    expect(sheet).toHaveLength(report.channels.length + 1);
    const spendCol = (await page.getByTestId('channels-table').locator('thead th button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-col')))).indexOf('spend');
    expect(spendCol).toBeGreaterThanOrEqual(0);
    // The table's default order is the API's: each row's spend cell is the API's figure in minor units, as a number.
    expect(sheet.slice(1).map((r) => r[spendCol])).toEqual(report.channels.map((c) => ({ type: 'number', value: c.spend })));

    await ui.open('/goals', 'goals-page');
    const { goals } = await api<{ goals: GoalProgress[] }>('/analytics/goals');
    const cols = await page.getByTestId('goals-table').locator('thead th button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-col')));
    const goalRows = (await download('goals-table')).slice(1).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]?.value ?? null])));
    expect(goalRows).toEqual(goals.map((g) => expect.objectContaining({ name: g.name, device: g.device === 'mobile' ? '手机' : '全部设备', target: g.targetValue, actual: g.actual, projected: g.projected, progress: g.progress, status: g.status, owner: g.owner })));

    await ui.open('/alerts', 'alerts-page');
    const { alerts } = await api<{ alerts: AlertItem[] }>('/analytics/alerts');
    // The list shows the API's open alerts (day, title) in its order.
    expect(await ui.column('alerts-table', 'day')).toEqual(alerts.map((x) => x.day ?? ''));
    expect(await ui.column('alerts-table', 'title')).toEqual(alerts.map((x) => x.title));
    const alertSheet = await download('alerts-table');
    expect(alertSheet.slice(1).map((r) => r[0])).toEqual(alerts.map((a) => (a.day === null ? undefined : { type: 'date', value: a.day })));
    expect(alertSheet.slice(1).map((r) => r[0])).toContainEqual({ type: 'date', value: '2026-03-30' });
  });

  const PAGES = [
    ['overview', '/overview', 'kpi-grid'], ['funnel', '/funnel', 'funnel-page'], ['channels', '/channels', 'channels-page'],
    ['customers', '/customer-analytics', 'customers-page'], ['products', '/products', 'products-page'], ['goals', '/goals', 'goals-page'], ['alerts', '/alerts', 'alerts-page'],
  ] as const;

  for (const [width, height] of [[768, 1024], [1024, 768], [1280, 900]] as const) {
    it(`fits the analytics pages in ${width}×${height} with the navigation reachable`, async () => {
      await page.setViewportSize({ width, height });
      for (const [name, path, testId] of PAGES) {
        await page.goto(`${base}${path}`);
        await page.getByTestId(testId).waitFor();
        await page.getByTestId('loading').waitFor({ state: 'detached' });
        await page.waitForLoadState('networkidle'); // charts load their chunk after the data
        // document.scrollingElement.scrollWidth <= innerWidth (a string, as the e2e project has no DOM types).
        const [scrollWidth, innerWidth] = await page.evaluate<[number, number]>('[document.scrollingElement.scrollWidth, window.innerWidth]');
        expect(scrollWidth, `${name} at ${width}×${height}: page overflows horizontally`).toBeLessThanOrEqual(innerWidth);
        await page.screenshot({ path: `${SHOTS}-tablet-${width}x${height}-${name}.png`, fullPage: true });
      }
      // The navigation: in the side bar at 1280 px, behind the menu button on a tablet; either way a click leads to another page.
      const nav = page.getByTestId('side-nav');
      if (width < 960) {
        expect(await nav.isVisible()).toBe(false);
        await page.getByTestId('menu-button').click();
      }
      expect(await nav.isVisible()).toBe(true);
      const box = (await nav.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await nav.locator('a[href="/funnel"]').click();
      await page.getByTestId('funnel-page').waitFor();
      expect(new URL(page.url()).pathname).toBe('/funnel');
      if (width < 960) expect(await nav.isVisible()).toBe(false);
    });
  }
});

/**
 * The shopping calendar of the Chinese market: fixed-date festivals and the lunar ones for 2025–2028.
 * Shared by the console's promotion calendar and the demand forecast's holiday effects.
 */
export interface Holiday { date: string; zh: string; en: string }

const FIXED: [string, string, string][] = [
  ['01-01', '元旦', "New Year's Day"], ['02-14', '情人节', "Valentine's Day"], ['03-08', '女王节', "Women's Day"],
  ['05-01', '劳动节', 'Labour Day'], ['05-20', '520', '520'], ['06-18', '618', '618 sale'], ['10-01', '国庆', 'National Day'],
  ['11-11', '双11', 'Singles\' Day (11.11)'], ['12-12', '双12', 'Double 12'], ['12-25', '圣诞', 'Christmas'],
];
// 春节, 元宵, 七夕, 中秋 (Gregorian dates of the lunar festivals).
const LUNAR: Holiday[] = [
  { date: '2025-01-29', zh: '春节', en: 'Spring Festival' }, { date: '2026-02-17', zh: '春节', en: 'Spring Festival' },
  { date: '2027-02-06', zh: '春节', en: 'Spring Festival' }, { date: '2028-01-26', zh: '春节', en: 'Spring Festival' },
  { date: '2025-02-12', zh: '元宵', en: 'Lantern Festival' }, { date: '2026-03-03', zh: '元宵', en: 'Lantern Festival' },
  { date: '2027-02-20', zh: '元宵', en: 'Lantern Festival' }, { date: '2028-02-09', zh: '元宵', en: 'Lantern Festival' },
  { date: '2025-08-29', zh: '七夕', en: 'Qixi' }, { date: '2026-08-19', zh: '七夕', en: 'Qixi' },
  { date: '2027-08-08', zh: '七夕', en: 'Qixi' }, { date: '2028-08-26', zh: '七夕', en: 'Qixi' },
  { date: '2025-10-06', zh: '中秋', en: 'Mid-Autumn' }, { date: '2026-09-25', zh: '中秋', en: 'Mid-Autumn' },
  { date: '2027-09-15', zh: '中秋', en: 'Mid-Autumn' }, { date: '2028-10-03', zh: '中秋', en: 'Mid-Autumn' },
];

/** Holidays in a month (`YYYY-MM`), by date. */
export function holidaysOf(month: string): Map<string, Holiday[]> {
  const out = new Map<string, Holiday[]>();
  const add = (h: Holiday) => { const l = out.get(h.date); if (l) l.push(h); else out.set(h.date, [h]); };
  const year = month.slice(0, 4);
  for (const [md, zh, en] of FIXED) if (`${year}-${md}`.startsWith(month)) add({ date: `${year}-${md}`, zh, en });
  for (const h of LUNAR) if (h.date.startsWith(month)) add(h);
  return out;
}

/** Holidays dated from `from` to `to` inclusive (YYYY-MM-DD), in date order. */
export function holidaysBetween(from: string, to: string): Holiday[] {
  const out: Holiday[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const [md, zh, en] of FIXED) out.push({ date: `${y}-${md}`, zh, en });
  }
  for (const h of LUNAR) out.push(h);
  return out.filter((h) => h.date >= from && h.date <= to).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

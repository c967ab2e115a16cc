import { fetchInventoryHealth, type InventoryHealth } from '../../api/replenishment.api';
import { useI18n } from '../../i18n/i18n-context';
import { Frame } from './frame';
import { fmt, useData, yuan } from './use-data';

/** 库存健康: the ABC × XYZ matrix with service levels, projected stockouts and overstock. */
export function HealthPage() {
  const { t } = useI18n();
  const [state] = useData((s) => fetchInventoryHealth(s));
  return (
    <Frame title="ih.title" testId="inventory-health" state={state} empty={(d) => d.asOf === null}>
      {(h) => (
        <>
          <h2>{t('ih.matrix')}</h2>
          <table className="matrix" data-testid="abc-xyz-matrix">
            <thead><tr><th />{['X', 'Y', 'Z'].map((x) => <th key={x}>{x}</th>)}</tr></thead>
            <tbody>
              {['A', 'B', 'C'].map((a) => (
                <tr key={a}>
                  <th>{a}</th>
                  {['X', 'Y', 'Z'].map((x) => (
                    <td key={x} data-testid={`cell-${a}${x}`}>{h.matrix[`${a}${x}`] ?? 0}<br /><small>{Math.round((h.serviceLevels[`${a}${x}`] ?? 0) * 100)}%</small></td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="stockout-days">{t('ih.stockoutDays', { days: String(h.stockoutDays.days), rows: String(h.stockoutDays.rows), covered: String(h.stockoutDays.daysCovered) })}</p>
          <Kpis k={h.kpis} />
          <h2>{t('ih.stockoutRisk')}</h2>
          <Rows rows={h.stockoutRisk} testId="stockout-risk" />
          <h2>{t('ih.overstock')}</h2>
          <Rows rows={h.overstock} testId="overstock" />
        </>
      )}
    </Frame>
  );
}

/** Turnover, days of cover, fill rate and stockout days (docs/metrics.md), overall and per SKU. */
function Kpis({ k }: { k: InventoryHealth['kpis'] }) {
  const { t } = useI18n();
  const pct = (v: number | null) => (v === null ? '—' : `${fmt(v * 100, 1)}%`);
  const row = (key: string, label: string, r: InventoryHealth['kpis']['overall'], testId: string) => (
    <tr key={key} data-testid={testId}>
      <td>{label}</td><td className="num">{yuan(r.cogs)}</td><td className="num">{yuan(Math.round(r.avgInventoryValue))}</td><td className="num">{fmt(r.turnover, 2)}</td>
      <td className="num">{fmt(r.daysOfCover, 1)}</td><td className="num">{pct(r.fillRate)}</td><td className="num">{r.stockoutDays}</td>
    </tr>
  );
  return (
    <>
      <h2>{t('ih.kpis', { days: String(k.periodDays) })}</h2>
      <table data-testid="inventory-kpis">
        <thead><tr><th>{t('rep.sku')}</th><th className="num">{t('ih.cogs')}</th><th className="num">{t('ih.avgValue')}</th><th className="num">{t('ih.turnover')}</th><th className="num">{t('ih.cover')}</th><th className="num">{t('ih.fillRate')}</th><th className="num">{t('ih.stockoutDaysCol')}</th></tr></thead>
        <tbody>
          {row('all', t('ih.overall'), k.overall, 'kpi-overall')}
          {k.skus.slice(0, 50).map((s) => row(String(s.skuId), `${s.skuCode} ${s.skuName}`, s, 'kpi-sku'))}
        </tbody>
      </table>
    </>
  );
}

function Rows({ rows, testId }: { rows: InventoryHealth['rows']; testId: string }) {
  const { t } = useI18n();
  return (
    <table data-testid={testId}>
      <thead><tr><th>{t('rep.sku')}</th><th>{t('rep.warehouse')}</th><th>ABC/XYZ</th><th className="num">{t('ih.available')}</th><th className="num">{t('ih.ss')}</th><th className="num">{t('ih.rop')}</th><th className="num">{t('ih.cover')}</th><th>{t('ih.stockout')}</th></tr></thead>
      <tbody>
        {rows.slice(0, 50).map((r) => (
          <tr key={`${r.skuId}:${r.warehouseId}`}>
            <td>{r.skuCode}</td><td>{r.warehouseCode}</td><td>{r.abc}{r.xyz}</td><td className="num">{r.available}</td><td className="num">{r.safetyStock}</td>
            <td className="num">{r.reorderPoint}</td><td className="num">{fmt(r.daysOfCover, 1)}</td><td>{r.stockoutDate ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

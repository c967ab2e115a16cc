import { useState } from 'react';
import { approveProposal, fetchProposals, fetchPurchaseOrders, receivePurchaseOrder, rejectProposal } from '../../api/replenishment.api';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { Frame } from './frame';
import { useData, yuan } from './use-data';

/** 补货建议: proposals with their reasons to approve (quantity editable) or reject; purchase orders to receive. */
export function WorklistPage() {
  const { t } = useI18n();
  const [proposals, reload] = useData((s) => fetchProposals({}, s));
  const [pos, reloadPos] = useData((s) => fetchPurchaseOrders(s));
  const [edits, setEdits] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try { await fn(); } finally { setBusy(false); reload(); reloadPos(); }
  };
  return (
    <Frame title="wl.title" testId="worklist" state={proposals} empty={(d) => d.length === 0}>
      {(rows) => (
        <>
          <table data-testid="proposal-list">
            <thead><tr><th>{t('rep.sku')}</th><th>{t('rep.warehouse')}</th><th>{t('wl.kind')}</th><th>{t('wl.source')}</th><th className="num">{t('wl.quantity')}</th><th className="num">{t('wl.amount')}</th><th>{t('wl.arrival')}</th><th>{t('wl.reason')}</th><th>{t('wl.status')}</th><th /></tr></thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} data-testid="proposal-row" data-sku={p.skuCode} data-status={p.status}>
                  <td>{p.skuCode}</td><td>{p.warehouseCode}</td><td>{t(p.kind === 'purchase' ? 'wl.purchase' : 'wl.transfer')}</td>
                  <td>{p.kind === 'purchase' ? p.supplierName : p.fromWarehouseCode}</td>
                  <td className="num">
                    {p.status === 'proposed'
                      ? <input className="qty" data-testid="proposal-qty" type="number" min={1} value={edits[p.id] ?? String(p.quantity)} onChange={(e) => setEdits({ ...edits, [p.id]: e.target.value })} />
                      : p.quantity}
                  </td>
                  <td className="num">{yuan(p.amount)}</td><td>{p.expectedArrival ?? '—'}</td><td className="reason">{p.reason}</td>
                  <td data-testid="proposal-status">{t(`wl.status.${p.status}` as MessageKey)}</td>
                  <td>
                    {p.status === 'proposed' && (
                      <>
                        <button type="button" data-testid="proposal-approve" disabled={busy} onClick={() => act(() => approveProposal(p.id, edits[p.id] ? Number(edits[p.id]) : undefined))}>{t('wl.approve')}</button>{' '}
                        <button type="button" data-testid="proposal-reject" disabled={busy} onClick={() => act(() => rejectProposal(p.id))}>{t('wl.reject')}</button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('wl.pos')}</h2>
          {pos.status === 'ready' && (
            <table data-testid="po-list">
              <thead><tr><th>#</th><th>{t('wl.supplier')}</th><th>{t('rep.warehouse')}</th><th>{t('rep.sku')}</th><th className="num">{t('wl.amount')}</th><th>{t('wl.arrival')}</th><th>{t('wl.status')}</th><th /></tr></thead>
              <tbody>
                {pos.data.map((po) => (
                  <tr key={po.id} data-testid="po-row" data-status={po.status}>
                    <td>{po.id}</td><td>{po.supplierName}</td><td>{po.warehouseCode}</td>
                    <td>{po.lines.map((l) => `${l.skuCode} × ${l.quantity}`).join(', ')}</td><td className="num">{yuan(po.totalAmount)}</td><td>{po.expectedAt ?? '—'}</td>
                    <td>{t(po.status === 'open' ? 'wl.po.open' : 'wl.po.received')}</td>
                    <td>{po.status === 'open' && <button type="button" data-testid="po-receive" disabled={busy} onClick={() => act(() => receivePurchaseOrder(po.id))}>{t('wl.receive')}</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Frame>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { fetchDispatchPlan, fetchWarehouses, type DispatchPlan, type WarehouseOption } from '../../api/logistics.api';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { localToday } from '../overview/date-range';
import { projectStops, ROUTE_COLOURS } from './dispatch-map';
import { fetchDispatchPlans, fetchStoredPlan, releaseStoredPlan, saveDispatchPlan, type DispatchPlanSummary, type StoredDispatchPlan } from './dispatch-plans.api';

type State = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; plan: DispatchPlan | StoredDispatchPlan };
/** What is drawn: today's live plan of the pending shipments, or a stored plan. */
type View = { kind: 'preview' } | { kind: 'stored'; id: number };

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)));
const isStored = (p: DispatchPlan | StoredDispatchPlan): p is StoredDispatchPlan => 'id' in p;

/**
 * 配送调度: a warehouse's routes for today drawn on plain SVG (no map tiles), with the driver
 * manifests; plans can be saved, reopened from the list of saved plans, and released to the drivers.
 */
export function DispatchPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { state: session } = useSession();
  const canWrite = session.status === 'signed-in' && session.me.permissions.includes('orders:write');
  const [warehouses, setWarehouses] = useState<WarehouseOption[]>([]);
  const [warehouseId, setWarehouseId] = useState<number | null>(null);
  const [view, setView] = useState<View>({ kind: 'preview' });
  const [state, setState] = useState<State>({ status: 'loading' });
  const [saved, setSaved] = useState<DispatchPlanSummary[]>([]);
  const [listVersion, setListVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const today = useMemo(() => localToday(new Date()), []);

  useEffect(() => {
    const ctl = new AbortController();
    fetchWarehouses(ctl.signal).then((r) => {
      const usable = r.items.filter((w) => w.lat !== null && w.lng !== null);
      setWarehouses(usable);
      setWarehouseId((id) => id ?? usable[0]?.id ?? null);
    }, (e: unknown) => { if (!ctl.signal.aborted) setState({ status: 'error', error: asApiError(e) }); });
    return () => ctl.abort();
  }, []);

  useEffect(() => {
    if (warehouseId === null) return undefined;
    const ctl = new AbortController();
    setState({ status: 'loading' });
    const load = view.kind === 'preview' ? fetchDispatchPlan({ warehouseId, date: today }, ctl.signal) : fetchStoredPlan(view.id, ctl.signal);
    load.then((plan) => setState({ status: 'ready', plan }), (e: unknown) => { if (!ctl.signal.aborted) setState({ status: 'error', error: asApiError(e) }); });
    return () => ctl.abort();
  }, [warehouseId, today, view]);

  useEffect(() => {
    if (warehouseId === null) return undefined;
    const ctl = new AbortController();
    fetchDispatchPlans(warehouseId, ctl.signal).then((r) => setSaved(r.items), (e: unknown) => { if (!ctl.signal.aborted) setActionError(asApiError(e)); });
    return () => ctl.abort();
  }, [warehouseId, listVersion]);

  const act = useCallback(async (work: () => Promise<StoredDispatchPlan>) => {
    setBusy(true);
    setActionError(null);
    try {
      const plan = await work();
      setView({ kind: 'stored', id: plan.id });
      setState({ status: 'ready', plan });
      setListVersion((v) => v + 1);
    } catch (e) {
      setActionError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const plan = state.status === 'ready' ? state.plan : null;
  return (
    <div className="dispatch" data-testid="dispatch">
      <div className="page-head">
        <h1>{t('dispatch.title')}</h1>
        <label>
          {t('dispatch.warehouse')}{' '}
          <select data-testid="dispatch-warehouse" value={warehouseId ?? ''} onChange={(e) => { setWarehouseId(Number(e.target.value)); setView({ kind: 'preview' }); }}>
            {warehouses.map((w) => <option key={w.id} value={w.id}>{w.name} ({w.code})</option>)}
          </select>
        </label>
      </div>
      {actionError && <div className="page-state error" role="alert" data-testid="dispatch-action-error">{t('error.generic', { message: errorText(actionError) })}</div>}

      <h2>{t('dispatch.saved')}</h2>
      {saved.length === 0 ? <p data-testid="dispatch-plans-empty">{t('dispatch.noSaved')}</p> : (
        <table data-testid="dispatch-plans">
          <thead><tr>
            <th>#</th><th>{t('dispatch.date')}</th><th>{t('dispatch.wave')}</th><th>{t('dispatch.status')}</th><th>{t('dispatch.parcels')}</th>
            <th>{t('dispatch.vehicle')}</th><th>{t('dispatch.km')}</th><th>{t('dispatch.cost')}</th><th />
          </tr></thead>
          <tbody>
            {saved.map((p) => (
              <tr key={p.id} data-testid="dispatch-plan-row" data-plan-id={p.id} aria-current={view.kind === 'stored' && view.id === p.id ? 'true' : undefined}>
                <td>{p.id}</td><td>{p.date}</td><td>{p.wave}</td><td>{t(`dispatch.status.${p.status}`)}</td><td>{p.shipments}</td>
                <td>{p.vehicles}</td><td>{p.distanceKm}</td><td>{p.cost}</td>
                <td><button type="button" data-testid="dispatch-plan-open" onClick={() => setView({ kind: 'stored', id: p.id })}>{t('dispatch.open')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="page-head">
        <h2 data-testid="dispatch-plan-title">
          {plan && isStored(plan)
            ? t('dispatch.planTitle', { id: String(plan.id), date: plan.date, wave: String(plan.wave), status: t(`dispatch.status.${plan.status}`) })
            : t('dispatch.preview', { date: today })}
        </h2>
        <div>
          {view.kind === 'stored' && <button type="button" data-testid="dispatch-show-preview" onClick={() => setView({ kind: 'preview' })}>{t('dispatch.backToPreview')}</button>}{' '}
          {canWrite && view.kind === 'preview' && warehouseId !== null && plan && plan.routes.length > 0 && (
            <button type="button" data-testid="dispatch-save" disabled={busy} onClick={() => void act(() => saveDispatchPlan({ warehouseId, date: today }))}>{t('dispatch.save')}</button>
          )}
          {canWrite && plan && isStored(plan) && plan.status === 'draft' && (
            <button type="button" data-testid="dispatch-release" disabled={busy} onClick={() => void act(() => releaseStoredPlan(plan.id))}>{t('dispatch.release')}</button>
          )}
        </div>
      </div>
      {plan && isStored(plan) && (
        <p data-testid="dispatch-plan-settings">
          {t('dispatch.settings', { seed: String(plan.seed), iterations: String(plan.iterations), cost: String(plan.cost) })}
          {plan.timeLimitSeconds !== null ? ` · ${t('dispatch.timeLimit', { s: String(plan.timeLimitSeconds) })}` : ''}
          {plan.releasedAt ? ` · ${t('dispatch.releasedAt', { at: new Date(plan.releasedAt).toLocaleString() })}` : ''}
        </p>
      )}
      {state.status === 'loading' && <div className="page-state" data-testid="loading">{t('state.loading')}</div>}
      {state.status === 'error' && <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(state.error) })}</div>}
      {plan && plan.routes.length === 0 && <div className="page-state" data-testid="empty">{t('dispatch.empty')}</div>}
      {plan && plan.routes.length > 0 && <PlanView plan={plan} />}
    </div>
  );
}

function PlanView({ plan }: { plan: DispatchPlan }) {
  const { t } = useI18n();
  const { depot, routes } = useMemo(() => projectStops(plan, 640, 440, 20), [plan]);
  return (
    <>
      <p data-testid="dispatch-summary">{t('dispatch.summary', { shipments: String(plan.shipments), vehicles: String(plan.vehicles), km: String(plan.distanceKm) })}</p>
      <svg data-testid="dispatch-map" role="img" aria-label={t('dispatch.map')} viewBox="0 0 640 440" width="640" height="440" style={{ background: '#f7f8fa', border: '1px solid #dde' }}>
        {routes.map((r, k) => (
          <g key={r.vehicle} data-testid="dispatch-route" data-vehicle={r.vehicle}>
            <polyline fill="none" stroke={ROUTE_COLOURS[k % ROUTE_COLOURS.length]} strokeWidth={2} points={[depot, ...r.points, depot].map((p) => `${p.x},${p.y}`).join(' ')} />
            {r.points.map((p, i) => (
              <circle key={i} data-testid="dispatch-stop" cx={p.x} cy={p.y} r={4} fill={ROUTE_COLOURS[k % ROUTE_COLOURS.length]}>
                <title>{`#${r.vehicle}-${i + 1} ${r.stops[i]!.eta}`}</title>
              </circle>
            ))}
          </g>
        ))}
        <rect data-testid="dispatch-depot" x={depot.x - 7} y={depot.y - 7} width={14} height={14} fill="#c8102e"><title>{t('dispatch.depot')}</title></rect>
      </svg>
      <h2>{t('dispatch.manifest')}</h2>
      <table data-testid="dispatch-manifests">
        <thead><tr><th>{t('dispatch.vehicle')}</th><th>{t('dispatch.stops')}</th><th>{t('dispatch.units')}</th><th>{t('dispatch.km')}</th><th>{t('dispatch.return')}</th></tr></thead>
        <tbody>
          {plan.routes.map((r) => (
            <tr key={r.vehicle} data-testid="dispatch-manifest-row">
              <td>{r.vehicle}</td><td>{r.stops.map((s) => `${s.seq}. #${s.orderId} ${s.eta} (${s.window})`).join(' → ')}</td><td>{r.units}/{r.capacity}</td><td>{r.distanceKm}</td><td>{r.returnAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

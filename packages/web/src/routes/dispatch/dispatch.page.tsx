import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { fetchDispatchPlan, fetchWarehouses, type DispatchPlan, type WarehouseOption } from '../../api/logistics.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { localToday } from '../overview/date-range';
import { projectStops, ROUTE_COLOURS } from './dispatch-map';

type State = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; plan: DispatchPlan };

/** 配送调度: a warehouse's routes for today drawn on plain SVG (no map tiles), with the driver manifests. */
export function DispatchPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [warehouses, setWarehouses] = useState<WarehouseOption[]>([]);
  const [warehouseId, setWarehouseId] = useState<number | null>(null);
  const [state, setState] = useState<State>({ status: 'loading' });
  const today = useMemo(() => localToday(new Date()), []);

  useEffect(() => {
    const ctl = new AbortController();
    fetchWarehouses(ctl.signal).then((r) => {
      const usable = r.items.filter((w) => w.lat !== null && w.lng !== null);
      setWarehouses(usable);
      setWarehouseId((id) => id ?? usable[0]?.id ?? null);
    }, (e: unknown) => { if (!ctl.signal.aborted) setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)) }); });
    return () => ctl.abort();
  }, []);

  useEffect(() => {
    if (warehouseId === null) return undefined;
    const ctl = new AbortController();
    setState({ status: 'loading' });
    fetchDispatchPlan({ warehouseId, date: today }, ctl.signal).then((plan) => setState({ status: 'ready', plan }),
      (e: unknown) => { if (!ctl.signal.aborted) setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)) }); });
    return () => ctl.abort();
  }, [warehouseId, today]);

  return (
    <div className="dispatch" data-testid="dispatch">
      <div className="page-head">
        <h1>{t('dispatch.title')}</h1>
        <label>
          {t('dispatch.warehouse')}{' '}
          <select data-testid="dispatch-warehouse" value={warehouseId ?? ''} onChange={(e) => setWarehouseId(Number(e.target.value))}>
            {warehouses.map((w) => <option key={w.id} value={w.id}>{w.name} ({w.code})</option>)}
          </select>
        </label>
      </div>
      {state.status === 'loading' && <div className="page-state" data-testid="loading">{t('state.loading')}</div>}
      {state.status === 'error' && <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(state.error) })}</div>}
      {state.status === 'ready' && state.plan.routes.length === 0 && <div className="page-state" data-testid="empty">{t('dispatch.empty')}</div>}
      {state.status === 'ready' && state.plan.routes.length > 0 && <PlanView plan={state.plan} />}
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
              <td>{r.vehicle}</td><td>{r.stops.map((s) => `${s.seq}. #${s.orderId} ${s.eta}`).join(' → ')}</td><td>{r.units}/{r.capacity}</td><td>{r.distanceKm}</td><td>{r.returnAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

import { useState } from 'react';
import { fetchCustomer, fetchCustomerLoyalty, fetchCustomerOrders, fetchCustomerPage, fetchCustomerTickets, fetchIntelligence, fetchSegmentMembers, fetchSegments, type CustomerProfile, type SegmentMemberItem } from '../../api/customers-intel.api';
import { useI18n } from '../../i18n/i18n-context';
import { useErrorText } from '../login/use-error-text';
import { useLoad, type Load } from './use-load';

const CURRENCY = 'CNY';

function StateView<T>({ state, children }: { state: Load<T>; children: (data: T) => React.ReactNode }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (state.status === 'loading') return <div className="page-state" data-testid="loading">{t('state.loading')}</div>;
  if (state.status === 'error') return <div className="page-state error" role="alert" data-testid="error">{t('error.generic', { message: errorText(state.error) })}</div>;
  return <>{children(state.data)}</>;
}
export { StateView };

/** 客户: all customers (paged, masked per role), or the members of a chosen segment with their scores; a row opens the customer 360. */
export function CustomersPage() {
  const { t } = useI18n();
  const initial = Number(new URLSearchParams(window.location.search).get('id')) || null;
  const [segmentId, setSegmentId] = useState<number | null>(null);
  const [open, setOpen] = useState<number | null>(initial);
  const [segments] = useLoad((s) => fetchSegments(s), []);
  if (open !== null) return <Customer360 id={open} onBack={() => setOpen(null)} />;
  const segs = segments.status === 'ready' ? segments.data : [];
  return (
    <div className="customers" data-testid="customers">
      <div className="page-head">
        <h1>{t('cust.title')}</h1>
        <label>
          {t('cust.segment')}{' '}
          <select data-testid="segment-filter" value={segmentId ?? ''} onChange={(e) => setSegmentId(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">{t('cust.allCustomers')}</option>
            {segs.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.members})</option>)}
          </select>
        </label>
      </div>
      {segmentId === null ? <AllCustomersTable onOpen={setOpen} /> : <MemberTable segmentId={segmentId} onOpen={setOpen} />}
    </div>
  );
}

/** Every customer, 50 a page, as GET /api/customers returns them (masked unless the role holds pii:read). */
function AllCustomersTable({ onOpen }: { onOpen(id: number): void }) {
  const { t, fmt } = useI18n();
  const [offset, setOffset] = useState(0);
  const [page] = useLoad((s) => fetchCustomerPage(offset, s), [offset]);
  return (
    <StateView state={page}>
      {(p) => (
        <>
          <p data-testid="all-count">{t('cust.count', { n: fmt.number(p.total) })}</p>
          <table data-testid="all-table">
            <thead><tr>{(['cust.id', 'cust.name', 'cust.phone', 'cust.region'] as const).map((k) => <th key={k}>{t(k)}</th>)}</tr></thead>
            <tbody>
              {p.items.map((c: CustomerProfile) => (
                <tr key={c.id} data-testid="customer-row" data-customer={c.id} onClick={() => onOpen(c.id)} style={{ cursor: 'pointer' }}>
                  <td>{c.externalId ?? c.id}</td><td>{c.name ?? ''}</td><td>{c.phone ?? ''}</td><td>{c.region ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" data-testid="all-prev" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - p.limit))}>{t('cust.prev')}</button>
            <span data-testid="all-range">{t('cust.range', { from: fmt.number(p.total === 0 ? 0 : offset + 1), to: fmt.number(offset + p.items.length), total: fmt.number(p.total) })}</span>
            <button type="button" data-testid="all-next" disabled={offset + p.limit >= p.total} onClick={() => setOffset(offset + p.limit)}>{t('cust.next')}</button>
          </div>
        </>
      )}
    </StateView>
  );
}

function MemberTable({ segmentId, onOpen }: { segmentId: number; onOpen(id: number): void }) {
  const { t, fmt } = useI18n();
  const [members] = useLoad((s) => fetchSegmentMembers(segmentId, s), [segmentId]);
  return (
    <StateView state={members}>
      {(m) => (
        <>
          <p data-testid="member-count">{t('cust.count', { n: fmt.number(m.total) })}</p>
          <table data-testid="member-table">
            <thead><tr>{(['cust.id', 'cust.name', 'cust.phone', 'cust.region', 'cust.group', 'cust.stratum', 'cust.stage', 'cust.spend', 'cust.pAlive', 'cust.clv'] as const).map((k) => <th key={k}>{t(k)}</th>)}</tr></thead>
            <tbody>
              {m.items.map((c: SegmentMemberItem) => (
                <tr key={c.id} data-testid="member-row" data-customer={c.id} onClick={() => onOpen(c.id)} style={{ cursor: 'pointer' }}>
                  <td>{c.externalId ?? c.id}</td><td>{c.name ?? ''}</td><td>{c.phone ?? ''}</td><td>{c.region ?? ''}</td><td>{c.rfmGroup ?? ''}</td><td>{c.stratum ?? ''}</td>
                  <td>{c.lifecycleStage ?? ''}</td><td>{c.totalSpend === null ? '' : fmt.money(c.totalSpend, CURRENCY)}</td>
                  <td>{c.pAlive === null ? '' : fmt.percent(c.pAlive)}</td><td>{c.clv === null ? '' : fmt.money(c.clv, CURRENCY)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </StateView>
  );
}

/** Customer 360: profile (masked per role), RFM, lifecycle history, CLV and P(alive), tier and points ledger, tickets, segments. */
export function Customer360({ id, onBack }: { id: number; onBack(): void }) {
  const { t, fmt } = useI18n();
  const [data] = useLoad(async (s) => {
    const [profile, intel, loyalty, orders] = await Promise.all([fetchCustomer(id, s), fetchIntelligence(id, s), fetchCustomerLoyalty(id, s), fetchCustomerOrders(id, s)]);
    return { profile, intel, loyalty, orders };
  }, [id]);
  return (
    <div className="customer-360" data-testid="customer-360">
      <div className="page-head">
        <h1>{t('c360.title')}</h1>
        <button type="button" data-testid="c360-back" onClick={onBack}>{t('c360.back')}</button>
      </div>
      <StateView state={data}>
        {({ profile, intel, loyalty, orders }) => (
          <div className="c360-grid">
            <section data-testid="c360-profile">
              <h2>{t('c360.profile')}</h2>
              <dl>
                <dt>{t('cust.id')}</dt><dd>{profile.externalId ?? profile.id}</dd>
                <dt>{t('cust.name')}</dt><dd data-testid="c360-name">{profile.name ?? t('c360.none')}</dd>
                <dt>{t('cust.phone')}</dt><dd data-testid="c360-phone">{profile.phone ?? t('c360.none')}</dd>
                <dt>{t('cust.region')}</dt><dd>{profile.region ?? ''}</dd>
              </dl>
            </section>
            <section data-testid="c360-orders">
              <h2>{t('c360.orders', { n: fmt.number(orders.total) })}</h2>
              <table>
                <tbody>{orders.items.map((o) => <tr key={o.id} data-testid="c360-order"><td>#{o.id}</td><td>{o.placedAt.slice(0, 10)}</td><td>{o.channelCode}</td><td>{o.status}</td><td>{fmt.money(o.itemsAmount, o.currency)}</td></tr>)}</tbody>
              </table>
            </section>
            <section data-testid="c360-rfm">
              <h2>{t('c360.rfm')}</h2>
              {intel.rfm ? (
                <dl>
                  <dt>R / F / M</dt><dd data-testid="c360-scores">{`${intel.rfm.r ?? '-'} / ${intel.rfm.f ?? '-'} / ${intel.rfm.m ?? '-'}`}</dd>
                  <dt>{t('cust.group')}</dt><dd data-testid="c360-group">{intel.rfm.rfmGroup}</dd>
                  <dt>{t('cust.stratum')}</dt><dd>{intel.rfm.stratum}</dd>
                  <dt>{t('cust.stage')}</dt><dd data-testid="c360-stage">{intel.rfm.lifecycleStage ?? ''}</dd>
                  <dt>{t('cust.spend')}</dt><dd>{fmt.money(intel.rfm.totalSpend, CURRENCY)}</dd>
                </dl>
              ) : <p>{t('c360.none')}</p>}
            </section>
            <section data-testid="c360-clv">
              <h2>{t('c360.clv')}</h2>
              {intel.clv ? (
                <dl>
                  <dt>{t('cust.pAlive')}</dt><dd data-testid="c360-palive">{fmt.percent(intel.clv.pAlive)}</dd>
                  <dt>{t('c360.expectedPurchases')}</dt><dd>{intel.clv.expectedPurchases.toFixed(2)}</dd>
                  <dt>{t('c360.expectedSpend')}</dt><dd>{fmt.money(intel.clv.expectedSpend, CURRENCY)}</dd>
                  <dt>{t('cust.clv')}</dt><dd data-testid="c360-clv-value">{fmt.money(intel.clv.clvGmv, CURRENCY)}</dd>
                  <dt>{t('c360.churnRisk')}</dt><dd>{intel.clv.churnRisk}</dd>
                  <dt>{t('c360.nextOrder')}</dt><dd>{intel.clv.expectedNextOrder ?? '-'}</dd>
                </dl>
              ) : <p>{t('c360.none')}</p>}
            </section>
            <section data-testid="c360-lifecycle">
              <h2>{t('c360.lifecycle')}</h2>
              <ol>{intel.lifecycleHistory.map((h) => <li key={h.day} data-testid="c360-transition">{`${h.day} ${h.from ?? '·'} → ${h.to}`}</li>)}</ol>
            </section>
            <section data-testid="c360-loyalty">
              <h2>{t('c360.loyalty')}</h2>
              <dl>
                <dt>{t('c360.tier')}</dt><dd data-testid="c360-tier">{loyalty.tier.name}</dd>
                <dt>{t('c360.growth')}</dt><dd>{fmt.money(loyalty.growthValue, CURRENCY)}</dd>
                <dt>{t('c360.balance')}</dt><dd data-testid="c360-balance">{fmt.number(loyalty.balance)}</dd>
              </dl>
              {loyalty.tier.graceUntil && <p>{t('c360.grace', { day: loyalty.tier.graceUntil, tier: loyalty.tier.pendingTier ?? '' })}</p>}
              <h3>{t('c360.ledger')}</h3>
              <table data-testid="c360-ledger">
                <thead><tr><th>{t('c360.day')}</th><th>{t('c360.kind')}</th><th>{t('c360.points')}</th><th>{t('c360.expires')}</th></tr></thead>
                <tbody>{loyalty.ledger.map((l) => <tr key={l.id}><td>{l.day}</td><td>{l.kind}</td><td>{fmt.number(l.points)}</td><td>{l.expiresOn ?? ''}</td></tr>)}</tbody>
              </table>
            </section>
            <CustomerTickets customerId={id} />
            <section data-testid="c360-segments">
              <h2>{t('c360.segments')}</h2>
              <ul>{intel.segments.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
              <h2>{t('c360.tags')}</h2>
              <p>{intel.tags.join('，') || t('c360.none')}</p>
            </section>
          </div>
        )}
      </StateView>
    </div>
  );
}

/** The customer's latest service tickets; loaded on their own, so a role without service:read still sees the rest of the 360. */
function CustomerTickets({ customerId }: { customerId: number }) {
  const { t, fmt } = useI18n();
  const [tickets] = useLoad((s) => fetchCustomerTickets(customerId, s), [customerId]);
  return (
    <section data-testid="c360-tickets">
      {tickets.status === 'error' && tickets.error.status === 403 ? <><h2>{t('c360.tickets', { n: '-' })}</h2><p>{t('c360.ticketsForbidden')}</p></> : (
        <StateView state={tickets}>
          {(tk) => (
            <>
              <h2>{t('c360.tickets', { n: fmt.number(tk.total) })}</h2>
              {tk.items.length === 0 ? <p>{t('c360.none')}</p> : (
                <table>
                  <thead><tr><th>#</th><th>{t('c360.ticketSubject')}</th><th>{t('c360.ticketCategory')}</th><th>{t('c360.ticketStatus')}</th><th>{t('c360.day')}</th></tr></thead>
                  <tbody>{tk.items.map((x) => (
                    <tr key={x.id} data-testid="c360-ticket"><td>{x.id}</td><td>{x.subject}</td><td>{x.category}</td><td>{x.status}</td><td>{x.createdAt.slice(0, 10)}</td></tr>
                  ))}</tbody>
                </table>
              )}
            </>
          )}
        </StateView>
      )}
    </section>
  );
}

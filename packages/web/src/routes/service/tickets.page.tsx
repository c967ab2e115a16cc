import { useState, type FormEvent } from 'react';
import { createTicket, fetchServiceMetrics, fetchTicket, fetchTickets, ticketAction, type Ticket } from '../../api/service-desk.api';
import type { ServiceMetrics } from '@zhanggui/contracts';
import { useRange } from '../analytics/page-frame';
import { useI18n } from '../../i18n/i18n-context';
import { PageFrame } from '../analytics/page-frame';
import { useLoadable } from '../analytics/use-loadable';
import './service.css';

/** 客服工单: the queue with SLA states, a form to open a ticket, and the selected ticket's timeline and actions. */
export function TicketsPage() {
  const { t } = useI18n();
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const { range, picker } = useRange('last30');
  const state = useLoadable(async (signal) => {
    const [list, metrics] = await Promise.all([fetchTickets(undefined, signal), fetchServiceMetrics({ from: range.from, to: range.to }, signal)]);
    return { ...list, metrics };
  }, [reload, range.from, range.to]);
  const refresh = (id?: number) => { if (id) setSelected(id); setReload((k) => k + 1); };
  return (
    <PageFrame title="svc.title" testId="tickets-page" state={state} tools={picker}>
      {(data) => (
        <>
        <MetricsStrip m={data.metrics} />
        <div className="svc-layout">
          <section className="panel">
            <NewTicket onCreated={(id) => refresh(id)} />
            <table className="svc-table" data-testid="ticket-list">
              <thead><tr><th>#</th><th>{t('svc.subject')}</th><th>{t('svc.status')}</th><th>{t('svc.sla')}</th></tr></thead>
              <tbody>
                {data.items.length === 0 && <tr><td colSpan={4}>{t('svc.empty')}</td></tr>}
                {data.items.map((x) => (
                  <tr key={x.id} data-ticket={x.id} className={x.id === selected ? 'selected' : ''} onClick={() => setSelected(x.id)}>
                    <td>{x.id}</td><td>{x.subject}</td><td>{t(`svc.status.${x.status}`)}</td>
                    <td>{x.sla ? <span className={`sla-${x.sla.firstResponse.state}`}>{t(`svc.state.${x.sla.firstResponse.state}`)}</span> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" data-testid="ticket-detail">
            {selected ? <TicketDetail key={`${selected}-${reload}`} id={selected} onChange={() => refresh()} /> : <p className="muted">{t('svc.select')}</p>}
          </section>
        </div>
        </>
      )}
    </PageFrame>
  );
}

/** The service metrics of metrics.md for the chosen range. */
function MetricsStrip({ m }: { m: ServiceMetrics }) {
  const { t } = useI18n();
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
  const hours = (x: number | null) => (x === null ? '—' : `${x} h`);
  const items: [string, string][] = [
    [t('svc.m.tickets'), String(m.tickets)], [t('svc.m.open'), String(m.open)],
    [t('svc.m.frt'), hours(m.firstResponseHours.median)], [t('svc.m.rt'), hours(m.resolutionHours.median)],
    [t('svc.m.csat'), pct(m.csat)], [t('svc.m.nps'), m.nps === null ? '—' : String(m.nps)],
    [t('svc.m.frSla'), pct(m.firstResponseSlaHitRate)], [t('svc.m.resSla'), pct(m.resolutionSlaHitRate)],
  ];
  return (
    <section className="panel svc-metrics" data-testid="service-metrics">
      {items.map(([label, value]) => <div key={label}><span className="muted">{label}</span><strong>{value}</strong></div>)}
    </section>
  );
}

function NewTicket({ onCreated }: { onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [category, setCategory] = useState('物流');
  const [priority, setPriority] = useState('normal');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await createTicket({ channel: 'order_page', category, subject, body, priority });
    setSubject(''); setBody('');
    onCreated(created.id);
  };
  return (
    <form className="svc-form" data-testid="new-ticket" onSubmit={(e) => void submit(e)}>
      <h2>{t('svc.new')}</h2>
      <label>{t('svc.subject')}<input name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} required /></label>
      <label>{t('svc.body')}<textarea name="body" value={body} onChange={(e) => setBody(e.target.value)} required /></label>
      <label>{t('svc.category')}<input name="category" value={category} onChange={(e) => setCategory(e.target.value)} required /></label>
      <label>{t('svc.priority')}<select name="priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
        {['low', 'normal', 'high', 'urgent'].map((p) => <option key={p} value={p}>{p}</option>)}</select></label>
      <button type="submit">{t('svc.create')}</button>
    </form>
  );
}

function TicketDetail({ id, onChange }: { id: number; onChange: () => void }) {
  const { t } = useI18n();
  const state = useLoadable((signal) => fetchTicket(id, signal), [id]);
  const [text, setText] = useState('');
  if (state.status !== 'ready') return <p className="muted">{t('state.loading')}</p>;
  const x: Ticket = state.data;
  const act = (action: 'replies' | 'notes' | 'status' | 'rating', body: object) => void ticketAction(id, action, body).then(() => { setText(''); onChange(); });
  return (
    <div data-testid="ticket" data-status={x.status}>
      <h2>#{x.id} {x.subject}</h2>
      <p>{x.body}</p>
      <p data-testid="ticket-status">{t(`svc.status.${x.status}`)} · {x.priority} · {x.category}</p>
      {x.sla && (
        <p className="muted" data-testid="ticket-sla">
          {t('svc.firstResponse')}: {t(`svc.state.${x.sla.firstResponse.state}`)} ({t('svc.due', { at: new Date(x.sla.firstResponse.dueAt).toLocaleString() })}) ·{' '}
          {t('svc.resolution')}: {t(`svc.state.${x.sla.resolution.state}`)}
        </p>
      )}
      {x.status !== 'closed' && (
        <div className="svc-actions">
          <textarea data-testid="ticket-text" value={text} onChange={(e) => setText(e.target.value)} />
          <button type="button" data-testid="reply" disabled={!text} onClick={() => act('replies', { body: text })}>{t('svc.reply')}</button>
          <button type="button" data-testid="note" disabled={!text} onClick={() => act('notes', { body: text })}>{t('svc.addNote')}</button>
          {(x.status === 'open' || x.status === 'pending') && <button type="button" data-testid="resolve" onClick={() => act('status', { status: 'resolved' })}>{t('svc.resolve')}</button>}
          {x.status === 'resolved' && <button type="button" data-testid="reopen" onClick={() => act('status', { status: 'open' })}>{t('svc.reopen')}</button>}
          {x.status === 'resolved' && <button type="button" data-testid="close" onClick={() => act('status', { status: 'closed' })}>{t('svc.close')}</button>}
        </div>
      )}
      {(x.status === 'resolved' || x.status === 'closed') && (
        <div className="svc-actions" data-testid="rating">{t('svc.rate')}: {[1, 2, 3, 4, 5].map((r) => (
          <button key={r} type="button" data-rate={r} aria-pressed={x.rating === r} onClick={() => act('rating', { rating: r })}>{r}</button>))}</div>
      )}
      <h3>{t('svc.timeline')}</h3>
      <ol className="svc-timeline" data-testid="timeline">
        {x.events?.map((e) => <li key={e.id} data-kind={e.kind} className={e.internal ? 'internal' : ''}>{e.kind} · {e.authorName}{e.body ? `: ${e.body}` : ''}</li>)}
      </ol>
    </div>
  );
}

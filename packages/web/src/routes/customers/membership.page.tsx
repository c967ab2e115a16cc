import { useEffect, useState } from 'react';
import { fetchLoyaltyDashboard, fetchLoyaltySettings, saveLoyaltySettings, type LoyaltySettings } from '../../api/customers-intel.api';
import { useI18n } from '../../i18n/i18n-context';
import { StateView } from './customers.page';
import { useLoad } from './use-load';

/** 会员: tier distribution, points liability and reminders due; tier thresholds, multipliers, grace and expiry. */
export function MembershipPage() {
  const { t, fmt } = useI18n();
  const [dash, reloadDash] = useLoad((s) => fetchLoyaltyDashboard(s), []);
  const [settings] = useLoad((s) => fetchLoyaltySettings(s), []);
  const [draft, setDraft] = useState<LoyaltySettings | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => { if (settings.status === 'ready') setDraft(settings.data); }, [settings]);
  return (
    <div className="membership" data-testid="membership">
      <div className="page-head"><h1>{t('mem.title')}</h1></div>
      <StateView state={dash}>
        {(d) => (
          <section>
            <h2>{t('mem.distribution')}</h2>
            <table data-testid="tier-distribution"><tbody>{d.tiers.map((x) => <tr key={x.code}><td>{x.name}</td><td>{fmt.number(x.customers)}</td></tr>)}</tbody></table>
            <p data-testid="liability">{t('mem.liability', { points: fmt.number(d.liability.points), value: fmt.money(d.liability.value, 'CNY') })}</p>
            <h3>{t('mem.reminders')}</h3>
            <ul>{d.remindersDue.slice(0, 50).map((r) => <li key={r.customerId}>{`#${r.customerId}: ${fmt.number(r.points)} (${r.expiresOn})`}</li>)}</ul>
          </section>
        )}
      </StateView>
      {draft && (
        <section data-testid="tier-settings">
          <h2>{t('mem.settings')}</h2>
          <table>
            <thead><tr><th>{t('c360.tier')}</th><th>{t('mem.threshold')}</th><th>{t('mem.multiplier')}</th></tr></thead>
            <tbody>
              {draft.tiers.map((x, i) => (
                <tr key={x.code}>
                  <td>{x.name}</td>
                  <td><input type="number" value={x.threshold} disabled={i === 0} onChange={(e) => setDraft({ ...draft, tiers: draft.tiers.map((y, k) => (k === i ? { ...y, threshold: Number(e.target.value) } : y)) })} /></td>
                  <td><input type="number" step="0.1" value={x.earnMultiplier} onChange={(e) => setDraft({ ...draft, tiers: draft.tiers.map((y, k) => (k === i ? { ...y, earnMultiplier: Number(e.target.value) } : y)) })} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>{t('mem.grace')} <input type="number" value={draft.graceDays} onChange={(e) => setDraft({ ...draft, graceDays: Number(e.target.value) })} /></label>{' '}
          <label>{t('mem.expiry')}{' '}
            <select value={draft.expiry} onChange={(e) => setDraft({ ...draft, expiry: e.target.value as LoyaltySettings['expiry'] })}>
              <option value="rolling_12_months">{t('mem.rolling')}</option><option value="year_end">{t('mem.yearEnd')}</option>
            </select>
          </label>{' '}
          <button type="button" onClick={() => { setSaved(null); saveLoyaltySettings(draft).then(() => { setSaved(t('mem.saved')); reloadDash(); }, (e: unknown) => setSaved(String(e))); }}>{t('mem.save')}</button>
          {saved && <span role="status"> {saved}</span>}
        </section>
      )}
    </div>
  );
}

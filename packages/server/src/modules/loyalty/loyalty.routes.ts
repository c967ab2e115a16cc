import { customerLoyalty as customerLoyaltySchema, errorBody, idParam, loyaltyConfig, loyaltyDashboard, pointsPostingBody, pointsPostingResult } from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { businessDate } from '../../lib/business-date.js';
import { getStoreSettings } from '../store/index.js';
import { customerLoyalty, loyaltyDashboardFor, postManualPoints, updateLoyaltyConfig } from './loyalty.service.js';
import { getLoyaltyConfig } from './loyalty-settings.js';

const tags = ['loyalty'];

/** Membership tiers and points (docs/loyalty.md). */
export const loyaltyRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  const today = async () => businessDate(now(), (await getStoreSettings(db)).timeZone);
  app.get('/loyalty/settings', { config: { permission: 'customers:read' }, schema: { tags, summary: 'The membership programme: tiers, growth value, points policy', response: { 200: loyaltyConfig } } },
    async () => getLoyaltyConfig(db));
  app.put('/loyalty/settings', {
    config: { permission: 'store:write' },
    schema: { tags, summary: 'Replace the membership programme (audited)', body: loyaltyConfig, response: { 200: loyaltyConfig, 400: errorBody } },
  }, async (req) => updateLoyaltyConfig(db, actorOf(req), req.body));
  app.get('/loyalty/dashboard', {
    config: { permission: 'analytics:read' },
    schema: { tags, summary: 'Tier distribution, points liability (outstanding points × value) and expiry reminders due', response: { 200: loyaltyDashboard } },
  }, async () => loyaltyDashboardFor(db, await today()));
  app.get('/customers/:id/loyalty', {
    config: { permission: 'customers:read' },
    schema: { tags, summary: 'A customer\'s tier, growth value, points balance, ledger and tier history', params: idParam, response: { 200: customerLoyaltySchema, 404: errorBody } },
  }, async (req) => customerLoyalty(db, req.params.id, await today()));
  app.post('/customers/:id/points', {
    config: { permission: 'customers:write' },
    schema: { tags, summary: 'Adjust or redeem points, once per key (a short balance is refused as ok: false)', params: idParam, body: pointsPostingBody, response: { 200: pointsPostingResult, 400: errorBody, 404: errorBody } },
  }, async (req) => postManualPoints(db, actorOf(req), req.params.id, req.body, await today()));
};

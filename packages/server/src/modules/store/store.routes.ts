import { errorBody, storeSettingsDto, storeSettingsPatch } from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { getStoreSettings, updateStoreSettings } from './store.service.js';

const tags = ['store'];

export const storeRoutes: RouteModule = (app, { platform }) => {
  const db = platform.database.db;
  app.get('/store', {
    config: { permission: 'store:read' },
    schema: { tags, summary: 'Store settings: name, currency, time zone', response: { 200: storeSettingsDto } },
  }, () => getStoreSettings(db));
  app.patch('/store', {
    config: { permission: 'store:write' },
    schema: { tags, summary: 'Change store settings (audited)', body: storeSettingsPatch, response: { 200: storeSettingsDto, 400: errorBody } },
  }, (req) => updateStoreSettings(db, actorOf(req), req.body));
};

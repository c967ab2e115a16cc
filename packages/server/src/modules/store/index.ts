export { getStoreSettings, updateStoreSettings, initStore, validateTimeZone, type StoreSettings } from './store.service.js';
export { storeSettings } from './store.tables.js';
export { storeRoutes } from './store.routes.js';

import { errorBody, page, shipment, shipmentListQuery } from '@zhanggui/contracts';
import type { RouteModule } from '../../http/routes.js';
import { listShipments } from './shipment.service.js';

export const logisticsRoutes: RouteModule = (app, { platform }) => {
  app.get('/shipments', {
    config: { permission: 'orders:read' },
    schema: { tags: ['logistics'], summary: 'Shipments, newest first', querystring: shipmentListQuery, response: { 200: page(shipment), 400: errorBody } },
  }, async (req) => listShipments(platform.database.db, req.query));
};

import { adjustStockBody, createWarehouseBody, errorBody, idParam, page, receiveStockBody, stockLevel, stockLevelListQuery, warehouse, warehouseListQuery } from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { adjustStock, listStockLevels, receiveStock } from './stock.service.js';
import { createWarehouse, getWarehouse, listWarehouses } from './warehouse.service.js';

const read = { permission: 'inventory:read' } as const;
const write = { permission: 'inventory:write' } as const;
const tags = ['inventory'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

export const inventoryRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;

  app.get('/warehouses', { config: read, schema: { tags, summary: 'Warehouses', querystring: warehouseListQuery, response: { 200: page(warehouse), 400: errorBody } } },
    async (req) => listWarehouses(db, req.query));
  app.get('/warehouses/:id', { config: read, schema: { tags, summary: 'One warehouse', params: idParam, response: { 200: warehouse, 404: errorBody } } },
    async (req) => getWarehouse(db, req.params.id));
  app.post('/warehouses', { config: write, schema: { tags, summary: 'Create a warehouse', body: createWarehouseBody, response: { 201: warehouse, ...errors } } },
    async (req, reply) => reply.status(201).send(await createWarehouse(db, actorOf(req), req.body)));

  app.get('/stock-levels', {
    config: read,
    schema: { tags, summary: 'Stock per SKU and warehouse; available = on hand − reserved − safety buffer', querystring: stockLevelListQuery, response: { 200: page(stockLevel), 400: errorBody } },
  }, async (req) => listStockLevels(db, req.query));
  app.post('/stock/receipts', { config: write, schema: { tags, summary: 'Receive goods into a warehouse', body: receiveStockBody, response: { 200: stockLevel, ...errors } } },
    async (req) => receiveStock(db, actorOf(req), req.body, now()));
  app.post('/stock/adjustments', { config: write, schema: { tags, summary: 'Correct the count or set the safety buffer', body: adjustStockBody, response: { 200: stockLevel, ...errors } } },
    async (req) => adjustStock(db, actorOf(req), req.body, now()));
};

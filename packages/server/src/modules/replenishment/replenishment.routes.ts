import {
  approveProposalBody, errorBody, idParam, inventoryHealth as inventoryHealthSchema, policyListQuery, proposal, proposalListQuery, purchaseOrder,
  purchaseOrderListQuery, receivePurchaseOrderBody, rejectProposalBody, replenishmentSettings, replenishmentSettingsBody,
} from '@zhanggui/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { inventoryHealth } from './health.service.js';
import { approveProposal, listProposals, listPurchaseOrders, receivePurchaseOrder, rejectProposal } from './proposal.service.js';
import { getReplenishmentSettings, saveReplenishmentSettings } from './settings.service.js';

const read = { permission: 'inventory:read' } as const;
const write = { permission: 'inventory:write' } as const;
const tags = ['replenishment'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

export const replenishmentRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  app.get('/inventory-health', { config: read, schema: { tags, summary: 'Policies per SKU × warehouse, ABC × XYZ matrix, stockout risk and overstock', querystring: policyListQuery, response: { 200: inventoryHealthSchema, 400: errorBody } } },
    async (req) => inventoryHealth(db, req.query.asOf));
  app.get('/replenishment/settings', { config: read, schema: { tags, summary: 'ABC basis and thresholds, XYZ thresholds, service level per cell, order cost and holding rate', response: { 200: replenishmentSettings } } },
    async () => getReplenishmentSettings(db));
  app.put('/replenishment/settings', { config: write, schema: { tags, summary: 'Change policy settings (applied from the next inventory-policy run)', body: replenishmentSettingsBody, response: { 200: replenishmentSettings, 400: errorBody } } },
    async (req) => saveReplenishmentSettings(db, req.body as never, actorOf(req)));
  app.get('/replenishment/proposals', { config: read, schema: { tags, summary: 'Replenishment proposals (补货建议) with their reasons', querystring: proposalListQuery, response: { 200: z.array(proposal), 400: errorBody } } },
    async (req) => listProposals(db, req.query));
  app.post('/replenishment/proposals/:id/approve', { config: write, schema: { tags, summary: 'Approve (optionally with another quantity): a purchase order, or the transfer done', params: idParam, body: approveProposalBody, response: { 200: proposal, ...errors } } },
    async (req) => approveProposal(db, actorOf(req), req.params.id, { quantity: req.body.quantity }, now()));
  app.post('/replenishment/proposals/:id/reject', { config: write, schema: { tags, summary: 'Reject a proposal', params: idParam, body: rejectProposalBody, response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await rejectProposal(db, actorOf(req), req.params.id, req.body.reason, now());
      return reply.status(204).send(null);
    });
  app.get('/purchase-orders', { config: read, schema: { tags, summary: 'Purchase orders from approved proposals', querystring: purchaseOrderListQuery, response: { 200: z.array(purchaseOrder), 400: errorBody } } },
    async (req) => listPurchaseOrders(db, { status: req.query.status }));
  app.post('/purchase-orders/:id/receive', { config: write, schema: { tags, summary: 'Receive goods of a purchase order into stock', params: idParam, body: receivePurchaseOrderBody, response: { 200: purchaseOrder, ...errors } } },
    async (req) => {
      const lines = req.body.lines ? Object.fromEntries(Object.entries(req.body.lines).map(([k, v]) => [Number(k), v])) : undefined;
      return receivePurchaseOrder(db, actorOf(req), req.params.id, lines, now());
    });
};

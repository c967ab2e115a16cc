import { createCustomerBody, customer, customerExportQuery, customerListQuery, errorBody, idParam, page, updateCustomerBody } from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { exportCustomers } from './customer-export.service.js';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customers.service.js';

const read = { permission: 'customers:read' } as const;
const write = { permission: 'customers:write' } as const;
const tags = ['customers'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

/** Personal data in responses is masked unless the caller's role holds pii:read (the service decides). */
export const customersRoutes: RouteModule = (app, { platform, now }) => {
  const db = platform.database.db;
  const cipher = platform.cipher;

  app.get('/customers', {
    config: read,
    schema: { tags, summary: 'Customers (filters: region, q = exact phone or email, consentMarketing, consentAnalytics)', querystring: customerListQuery, response: { 200: page(customer), 400: errorBody } },
  }, async (req) => listCustomers(db, cipher, actorOf(req), req.query));

  // Registered before /customers/:id; find-my-way prefers the static segment anyway.
  app.get('/customers/export', {
    config: read,
    schema: { tags, summary: 'Export customers as CSV (same filters as the list; audited)', querystring: customerExportQuery, produces: ['text/csv'] },
  }, async (req, reply) => {
    const csv = await exportCustomers(db, cipher, actorOf(req), req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="customers.csv"').send(csv);
  });

  app.get('/customers/:id', { config: read, schema: { tags, summary: 'One customer', params: idParam, response: { 200: customer, 404: errorBody } } },
    async (req) => getCustomer(db, cipher, actorOf(req), req.params.id));
  app.post('/customers', { config: write, schema: { tags, summary: 'Create a customer', body: createCustomerBody, response: { 201: customer, ...errors } } },
    async (req, reply) => reply.status(201).send(await createCustomer(db, cipher, actorOf(req), req.body, now())));
  app.patch('/customers/:id', {
    config: write,
    schema: { tags, summary: 'Change a customer (null clears a field; consent changes are time-stamped)', params: idParam, body: updateCustomerBody, response: { 200: customer, ...errors } },
  }, async (req) => updateCustomer(db, cipher, actorOf(req), req.params.id, req.body, now()));
};

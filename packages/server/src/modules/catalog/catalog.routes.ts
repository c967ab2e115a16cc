import { z } from 'zod';
import {
  category, createCategoryBody, createProductBody, createSkuBody, createSupplierBody, errorBody, idParam, page, product, productDetail,
  productListQuery, putSkuSupplierBody, sku, skuDetail, skuListQuery, supplier, supplierIdParams, supplierListQuery, updateProductBody,
  updateSkuBody, updateSupplierBody,
} from '@zhanggui/contracts';
import { actorOf } from '../../http/auth.js';
import type { RouteModule } from '../../http/routes.js';
import { createProduct, getProduct, listProducts, updateProduct } from './product.service.js';
import { createSku, getSku, listSkus, putSkuSupplier, updateSku } from './sku.service.js';
import { createCategory, createSupplier, getSupplier, listCategories, listSuppliers, updateSupplier } from './supplier.service.js';

const read = { permission: 'catalog:read' } as const;
const write = { permission: 'catalog:write' } as const;
const tags = ['catalog'];
const errors = { 400: errorBody, 404: errorBody, 409: errorBody };

export const catalogRoutes: RouteModule = (app, { platform }) => {
  const db = platform.database.db;

  app.get('/categories', { config: read, schema: { tags, summary: 'All categories', response: { 200: z.array(category) } } },
    async () => listCategories(db));
  app.post('/categories', { config: write, schema: { tags, summary: 'Create a category', body: createCategoryBody, response: { 201: category, ...errors } } },
    async (req, reply) => reply.status(201).send(await createCategory(db, actorOf(req), req.body)));

  app.get('/suppliers', { config: read, schema: { tags, summary: 'Suppliers', querystring: supplierListQuery, response: { 200: page(supplier) } } },
    async (req) => listSuppliers(db, req.query));
  app.get('/suppliers/:id', { config: read, schema: { tags, summary: 'One supplier', params: idParam, response: { 200: supplier, 404: errorBody } } },
    async (req) => getSupplier(db, req.params.id));
  app.post('/suppliers', { config: write, schema: { tags, summary: 'Create a supplier', body: createSupplierBody, response: { 201: supplier, ...errors } } },
    async (req, reply) => reply.status(201).send(await createSupplier(db, actorOf(req), req.body)));
  app.patch('/suppliers/:id', { config: write, schema: { tags, summary: 'Change a supplier', params: idParam, body: updateSupplierBody, response: { 200: supplier, ...errors } } },
    async (req) => updateSupplier(db, actorOf(req), req.params.id, req.body));

  app.get('/products', { config: read, schema: { tags, summary: 'Products (filters: q, categoryId, status, active)', querystring: productListQuery, response: { 200: page(product), 400: errorBody } } },
    async (req) => listProducts(db, req.query));
  app.get('/products/:id', { config: read, schema: { tags, summary: 'A product with its SKUs and their suppliers', params: idParam, response: { 200: productDetail, 404: errorBody } } },
    async (req) => getProduct(db, req.params.id));
  app.post('/products', { config: write, schema: { tags, summary: 'Create a product with its SKUs', body: createProductBody, response: { 201: productDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await createProduct(db, actorOf(req), req.body)));
  app.patch('/products/:id', { config: write, schema: { tags, summary: 'Change a product', params: idParam, body: updateProductBody, response: { 200: productDetail, ...errors } } },
    async (req) => updateProduct(db, actorOf(req), req.params.id, req.body));
  app.post('/products/:id/skus', { config: write, schema: { tags, summary: 'Add a SKU to a product', params: idParam, body: createSkuBody, response: { 201: skuDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await createSku(db, actorOf(req), req.params.id, req.body)));

  app.get('/skus', { config: read, schema: { tags, summary: 'SKUs (filters: q, categoryId, productId, status, active)', querystring: skuListQuery, response: { 200: page(sku), 400: errorBody } } },
    async (req) => listSkus(db, req.query));
  app.get('/skus/:id', { config: read, schema: { tags, summary: 'A SKU with its suppliers', params: idParam, response: { 200: skuDetail, 404: errorBody } } },
    async (req) => getSku(db, req.params.id));
  app.patch('/skus/:id', { config: write, schema: { tags, summary: 'Change a SKU (price, unit cost, active)', params: idParam, body: updateSkuBody, response: { 200: skuDetail, ...errors } } },
    async (req) => updateSku(db, actorOf(req), req.params.id, req.body));
  app.put('/skus/:id/suppliers/:supplierId', { config: write, schema: { tags, summary: 'Set a supplier\'s terms for a SKU', params: supplierIdParams, body: putSkuSupplierBody, response: { 200: skuDetail, ...errors } } },
    async (req) => putSkuSupplier(db, actorOf(req), req.params.id, req.params.supplierId, req.body));
};

// What other modules, the CLI and the importers may use from the catalog.
export { listProducts, getProduct, createProduct, updateProduct } from './product.service.js';
export { listSkus, getSku, createSku, updateSku, putSkuSupplier } from './sku.service.js';
export { listCategories, createCategory, listSuppliers, getSupplier, createSupplier, updateSupplier } from './supplier.service.js';
export { findSaleSkus, type SaleSku } from './sale-sku.service.js';
export { catalogRoutes } from './catalog.routes.js';
export * from './catalog.tables.js';

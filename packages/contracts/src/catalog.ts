import { z } from 'zod';
import { isoDate, pageQuery } from './common.js';

/** An amount of money in minor units of the store currency (分 for CNY). */
export const minorAmount = z.number().int().min(0);
/** A query-string flag: only the words true and false (z.coerce.boolean would read "false" as true). */
export const queryFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const PRODUCT_STATUSES = ['draft', 'active', 'retired'] as const;

export const category = z.object({
  id: z.number().int(),
  name: z.string(),
  parentId: z.number().int().nullable(),
}).meta({ id: 'Category' });

export const createCategoryBody = z.object({
  name: z.string().trim().min(1).max(200),
  parentId: z.number().int().positive().optional(),
});

export const supplier = z.object({
  id: z.number().int(),
  name: z.string(),
  region: z.string().nullable(),
  defaultLeadTimeDays: z.number().int(),
  createdAt: z.string(),
}).meta({ id: 'Supplier' });

export const createSupplierBody = z.object({
  name: z.string().trim().min(1).max(200),
  region: z.string().trim().min(1).max(100).optional(),
  defaultLeadTimeDays: z.number().int().min(0).max(365).default(7),
});
export const updateSupplierBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  region: z.string().trim().min(1).max(100).nullable().optional(),
  defaultLeadTimeDays: z.number().int().min(0).max(365).optional(),
});
export const supplierListQuery = pageQuery.extend({ q: z.string().trim().min(1).optional() });

/** One supplier's terms for one SKU. */
export const skuSupplier = z.object({
  supplierId: z.number().int(),
  supplierName: z.string(),
  unitCost: minorAmount,
  leadTimeDays: z.number().int(),
  minOrderQty: z.number().int(),
  primary: z.boolean(),
}).meta({ id: 'SkuSupplier' });

export const putSkuSupplierBody = z.object({
  unitCost: minorAmount,
  leadTimeDays: z.number().int().min(0).max(365),
  minOrderQty: z.number().int().min(1).default(1),
  /** Making a supplier primary makes the SKU's other suppliers non-primary. */
  primary: z.boolean().default(false),
});

export const sku = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  code: z.string(),
  name: z.string(),
  price: minorAmount,
  unitCost: minorAmount.nullable(),
  active: z.boolean(),
}).meta({ id: 'Sku' });

export const skuDetail = sku.extend({ suppliers: z.array(skuSupplier) }).meta({ id: 'SkuDetail' });

export const createSkuBody = z.object({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  price: minorAmount,
  unitCost: minorAmount.optional(),
  active: z.boolean().default(true),
});
export const updateSkuBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  price: minorAmount.optional(),
  unitCost: minorAmount.nullable().optional(),
  active: z.boolean().optional(),
});

export const product = z.object({
  id: z.number().int(),
  name: z.string(),
  categoryId: z.number().int().nullable(),
  categoryName: z.string().nullable(),
  brand: z.string().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  launchedOn: isoDate.nullable(),
  skuCount: z.number().int(),
  /** Lowest and highest list price over the product's active SKUs; null without one. */
  minPrice: minorAmount.nullable(),
  maxPrice: minorAmount.nullable(),
  createdAt: z.string(),
}).meta({ id: 'Product' });

export const productDetail = product.extend({ skus: z.array(skuDetail) }).meta({ id: 'ProductDetail' });

export const createProductBody = z.object({
  name: z.string().trim().min(1).max(200),
  categoryId: z.number().int().positive().optional(),
  brand: z.string().trim().min(1).max(100).optional(),
  status: z.enum(PRODUCT_STATUSES).default('active'),
  launchedOn: isoDate.optional(),
  skus: z.array(createSkuBody).max(200).default([]),
});
export const updateProductBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  categoryId: z.number().int().positive().nullable().optional(),
  brand: z.string().trim().min(1).max(100).nullable().optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  launchedOn: isoDate.nullable().optional(),
});

export const productListQuery = pageQuery.extend({
  /** Matches product name, brand or any of its SKU codes (case-insensitive substring). */
  q: z.string().trim().min(1).optional(),
  /** The category and everything below it. */
  categoryId: z.coerce.number().int().positive().optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  /** true: products with at least one active SKU; false: products with none. */
  active: queryFlag.optional(),
});

export const skuListQuery = pageQuery.extend({
  /** Matches SKU code, SKU name or product name (case-insensitive substring). */
  q: z.string().trim().min(1).optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  productId: z.coerce.number().int().positive().optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  active: queryFlag.optional(),
});

export const supplierIdParams = z.object({ id: z.coerce.number().int().positive(), supplierId: z.coerce.number().int().positive() });

export type CreateProductInput = z.infer<typeof createProductBody>;
export type UpdateProductInput = z.infer<typeof updateProductBody>;
export type CreateSkuInput = z.infer<typeof createSkuBody>;
export type UpdateSkuInput = z.infer<typeof updateSkuBody>;
export type CreateCategoryInput = z.infer<typeof createCategoryBody>;
export type SupplierListQuery = z.infer<typeof supplierListQuery>;
export type CreateSupplierInput = z.infer<typeof createSupplierBody>;
export type UpdateSupplierInput = z.infer<typeof updateSupplierBody>;
export type PutSkuSupplierInput = z.infer<typeof putSkuSupplierBody>;
export type ProductListQuery = z.infer<typeof productListQuery>;
export type SkuListQuery = z.infer<typeof skuListQuery>;
export type ProductDto = z.infer<typeof product>;
export type ProductDetailDto = z.infer<typeof productDetail>;
export type SkuDto = z.infer<typeof sku>;
export type SkuDetailDto = z.infer<typeof skuDetail>;
export type SupplierDto = z.infer<typeof supplier>;
export type SkuSupplierDto = z.infer<typeof skuSupplier>;

// Demand forecasts, inventory policy, replenishment proposals, purchase orders, product lifecycle
// and selection (docs/forecasting.md, docs/inventory.md).
import { z } from 'zod';
import { isoDate } from './common.js';

const num = z.number();
const nnum = z.number().nullable();

export const forecastListQuery = z.object({
  asOf: isoDate.optional(),
  sku: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const forecastSummary = z.object({
  id: z.number().int(), asOf: isoDate, skuId: z.number().int(), skuCode: z.string(), skuName: z.string(),
  warehouseId: z.number().int().nullable(), warehouseCode: z.string().nullable(),
  model: z.string(), method: z.string(), selectedBy: z.string(), demandClass: z.string(), adi: nnum, cv2: nnum,
  backtestSmape: nnum, backtestMase: nnum, backtestWape: nnum, backtestBias: nnum, meanDaily: num, sigmaDaily: num, historyPeriods: z.number().int(),
}).meta({ id: 'ForecastSummary' });

/** Store-wide backtest accuracy of one as-of date's forecasts (docs/forecasting.md). */
export const forecastAccuracy = z.object({
  asOf: isoDate.nullable(),
  /** Forecasts of that date, and those with a backtest. */
  series: z.number().int(), backtested: z.number().int(),
  /** Means over series, as M4 averages sMAPE and MASE. */
  smape: nnum, mase: nnum,
  /** Pooled over every backtest pair of every series: Σ|y − f| / Σ|y| and Σ(f − y) / Σy (metrics.md). */
  wape: nnum, bias: nnum,
}).meta({ id: 'ForecastAccuracy' });

export const forecastDetail = forecastSummary.extend({
  periodDays: z.number().int(),
  history: z.array(z.object({ periodStart: isoDate, units: num })),
  /** Promotion and holiday lifts estimated from this series' own history (docs/forecasting.md). */
  eventLifts: z.array(z.object({ event: z.string(), occurrences: z.number().int(), raw: nnum, lift: num })),
  /** mean = baseMean × lift; event names the known holiday or promotion behind the lift (null: none). */
  points: z.array(z.object({
    step: z.number().int(), periodStart: isoDate, mean: num, lo80: num, hi80: num, lo95: num, hi95: num, baseMean: num, lift: num, event: z.string().nullable(),
  })),
}).meta({ id: 'ForecastDetail' });

export const policyListQuery = z.object({ asOf: isoDate.optional() });

export const inventoryPolicyRow = z.object({
  skuId: z.number().int(), skuCode: z.string(), skuName: z.string(), warehouseId: z.number().int(), warehouseCode: z.string(),
  abc: z.string(), xyz: z.string(), serviceLevel: num, meanDaily: num, safetyStock: z.number().int(), reorderPoint: z.number().int(),
  orderUpTo: z.number().int(), eoq: z.number().int().nullable(), available: z.number().int(), onOrder: z.number().int(),
  daysOfCover: nnum, stockoutDate: isoDate.nullable(), reorderNow: z.boolean(), suggestedQuantity: z.number().int(),
});

/** Turnover = COGS / average inventory value at cost; days of cover = available / mean daily demand; fill rate = units shipped from stock / units ordered. */
export const inventoryKpis = z.object({
  cogs: z.number().int(), avgInventoryValue: num, turnover: nnum, available: z.number().int(), meanDaily: num, daysOfCover: nnum,
  unitsOrdered: z.number().int(), unitsShipped: z.number().int(), fillRate: nnum, stockoutDays: z.number().int(),
});

export const inventoryHealth = z.object({
  asOf: isoDate.nullable(),
  /** Count of SKU × warehouse rows per ABC × XYZ cell, e.g. { AX: 12 }. */
  matrix: z.record(z.string(), z.number().int()),
  serviceLevels: z.record(z.string(), num),
  /** docs/metrics.md: SKU × warehouse days with available ≤ 0 while demand was forecast > 0, over the 30 days ending on asOf (days the policy step ran). */
  stockoutDays: z.object({ days: z.number().int(), rows: z.number().int(), daysCovered: z.number().int() }),
  stockoutRisk: z.array(inventoryPolicyRow),
  overstock: z.array(inventoryPolicyRow),
  rows: z.array(inventoryPolicyRow),
  /** docs/metrics.md inventory KPIs over the 30 days ending on asOf, per SKU and overall (docs/inventory.md). */
  kpis: z.object({
    periodDays: z.number().int(),
    overall: inventoryKpis,
    skus: z.array(inventoryKpis.extend({ skuId: z.number().int(), skuCode: z.string(), skuName: z.string() })),
  }),
}).meta({ id: 'InventoryHealth' });

export const proposalListQuery = z.object({ asOf: isoDate.optional(), status: z.enum(['proposed', 'approved', 'rejected']).optional() });

export const proposal = z.object({
  id: z.number().int(), asOf: isoDate, skuId: z.number().int(), skuCode: z.string(), skuName: z.string(), warehouseId: z.number().int(), warehouseCode: z.string(),
  kind: z.enum(['purchase', 'transfer']), supplierId: z.number().int().nullable(), supplierName: z.string().nullable(),
  fromWarehouseId: z.number().int().nullable(), fromWarehouseCode: z.string().nullable(), quantity: z.number().int(),
  unitCost: z.number().int().nullable(), amount: z.number().int().nullable(), orderBy: isoDate, expectedArrival: isoDate.nullable(),
  reason: z.string(), status: z.string(), decidedBy: z.string().nullable(), purchaseOrderId: z.number().int().nullable(),
}).meta({ id: 'ReplenishmentProposal' });

export const approveProposalBody = z.object({ quantity: z.number().int().positive().max(10_000_000).optional() });
export const rejectProposalBody = z.object({ reason: z.string().trim().max(500).optional() });

export const purchaseOrder = z.object({
  id: z.number().int(), supplierId: z.number().int(), supplierName: z.string(), warehouseId: z.number().int(), warehouseCode: z.string(),
  status: z.string(), expectedAt: isoDate.nullable(), totalAmount: z.number().int(), createdBy: z.string(),
  lines: z.array(z.object({ id: z.number().int(), skuId: z.number().int(), skuCode: z.string(), quantity: z.number().int(), receivedQuantity: z.number().int(), unitCost: z.number().int() })),
}).meta({ id: 'PurchaseOrder' });

export const purchaseOrderListQuery = z.object({ status: z.enum(['open', 'received', 'cancelled']).optional() });
/** Units to receive per purchase-order line id; omitted: everything outstanding. */
export const receivePurchaseOrderBody = z.object({ lines: z.record(z.string(), z.number().int().min(0)).optional() });

export const selectionWeightsBody = z.object({
  demandTrend: num.min(0).max(100), marginRate: num.min(0).max(100), returnRate: num.min(0).max(100),
  rating: num.min(0).max(100), supplyReliability: num.min(0).max(100), competition: num.min(0).max(100),
}).partial();
export const selectionWeights = z.object({
  demandTrend: num, marginRate: num, returnRate: num, rating: num, supplyReliability: num, competition: num,
}).meta({ id: 'SelectionWeights' });

export const skuLifecycle = z.object({
  skuId: z.number().int(), skuCode: z.string(), skuName: z.string(), stage: z.enum(['intro', 'growth', 'maturity', 'decline']), stageLabel: z.string(),
  ageWeeks: z.number().int(), velocity: num, previousVelocity: num, peakVelocity: num, change: nnum, actions: z.array(z.string()),
  marginRate: nnum, returnRate: nnum, supplyReliability: nnum, score: nnum, since: isoDate.nullable(),
  /** Review signals from the service desk's topic trends over 52 weeks (docs/service.md). */
  rating: nnum, reviews: z.number().int(), topComplaint: z.string().nullable(),
});
export const lifecycleBoard = z.object({ asOf: isoDate.nullable(), weights: selectionWeights, rows: z.array(skuLifecycle) }).meta({ id: 'LifecycleBoard' });

export const candidateInput = z.object({
  name: z.string().trim().min(1).max(200), category: z.string().trim().max(100).nullish(),
  price: z.number().int().min(0).nullish(), unitCost: z.number().int().min(0).nullish(),
  demandTrend: num.min(-1).max(10).nullish(), returnRate: num.min(0).max(1).nullish(), rating: num.min(1).max(5).nullish(),
  supplyReliability: num.min(0).max(1).nullish(), competition: num.min(0).max(1).nullish(),
});
export const addCandidatesBody = z.object({ candidates: z.array(candidateInput).min(1).max(1000) });
export const importCandidatesBody = z.object({ csv: z.string().min(1).max(2_000_000) });
export const candidate = candidateInput.extend({
  id: z.number().int(), source: z.string(), marginRate: nnum, score: nnum, parts: z.record(z.string(), num),
});
export const candidateList = z.object({ weights: selectionWeights, rows: z.array(candidate) }).meta({ id: 'CandidateList' });

const cell = z.number().gt(0).lt(1);
export const replenishmentSettings = z.object({
  abcBasis: z.enum(['gmv', 'margin']), abcA: z.number().gt(0).lt(1), abcB: z.number().gt(0).max(1), xyzX: z.number().gt(0), xyzY: z.number().gt(0),
  serviceLevels: z.object({ AX: cell, AY: cell, AZ: cell, BX: cell, BY: cell, BZ: cell, CX: cell, CY: cell, CZ: cell }),
  /** Cost of one purchase order in minor units; null: no EOQ. */
  orderCost: z.number().int().min(0).nullable(),
  holdingRate: z.number().gt(0).max(5), lookbackDays: z.number().int().min(28).max(3650),
  /** Supplier diversification: at most this share of a SKU's purchase need per supplier, the last resort excepted (1: none). */
  maxSupplierShare: z.number().gt(0).max(1),
}).meta({ id: 'ReplenishmentSettings' });
export const replenishmentSettingsBody = replenishmentSettings.extend({ serviceLevels: replenishmentSettings.shape.serviceLevels.partial() }).partial()
  .refine((v) => v.abcA === undefined || v.abcB === undefined || v.abcA < v.abcB, { message: 'abcA must be below abcB', path: ['abcA'] })
  .refine((v) => v.xyzX === undefined || v.xyzY === undefined || v.xyzX < v.xyzY, { message: 'xyzX must be below xyzY', path: ['xyzX'] });

export type ForecastSummary = z.infer<typeof forecastSummary>;
export type ForecastAccuracy = z.infer<typeof forecastAccuracy>;
export type ForecastDetail = z.infer<typeof forecastDetail>;
export type InventoryHealth = z.infer<typeof inventoryHealth>;
export type InventoryPolicyRow = z.infer<typeof inventoryPolicyRow>;
export type Proposal = z.infer<typeof proposal>;
export type PurchaseOrder = z.infer<typeof purchaseOrder>;
export type LifecycleBoard = z.infer<typeof lifecycleBoard>;
export type CandidateList = z.infer<typeof candidateList>;

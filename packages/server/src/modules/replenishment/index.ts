// What other modules, the CLI and the HTTP layer may use from replenishment.
export { computePolicies, inventoryPolicyStep, onOrderUnits, runInventoryPolicy, type PolicyRow } from './inventory-policy.pipeline.js';
export { DEFAULT_SETTINGS, getReplenishmentSettings, saveReplenishmentSettings, type ReplenishmentSettings } from './settings.service.js';
export * from './replenishment.tables.js';
export { draftProposals, proposalsStep, runProposals, type ProposalDraft } from './proposals.pipeline.js';
export { approveProposal, listProposals, listPurchaseOrders, receivePurchaseOrder, rejectProposal, type ProposalView, type PurchaseOrderView } from './proposal.service.js';
export { replenishmentRoutes } from './replenishment.routes.js';
export { inventoryHealth, OVERSTOCK_DAYS } from './health.service.js';

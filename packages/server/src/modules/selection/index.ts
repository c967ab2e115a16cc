// What other modules, the CLI and the HTTP layer may use from selection (product lifecycle and 选品).
export { productLifecycleStep, runProductLifecycle, skuWeeklySales } from './lifecycle.pipeline.js';
export {
  addCandidates, getSelectionWeights, importCandidatesCsv, listCandidates, listSkuLifecycle, saveSelectionWeights,
  type CandidateInput, type CandidateView, type SkuLifecycleView,
} from './selection.service.js';
export * from './selection.tables.js';
export { selectionRoutes } from './selection.routes.js';

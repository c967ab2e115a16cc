export { prorate } from './shared/prorate.js';
export { createRng, type Rng } from './shared/rng.js';
export * from './forecasting/index.js';
export * from './clv/index.js';
export * from './segmentation/index.js';
export * from './routing/index.js';
export * from './pricing/index.js';

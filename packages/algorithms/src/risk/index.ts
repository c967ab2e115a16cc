export * from './monte-carlo.js';
export * from './risk-matrix.js';
export { percentileSorted } from './sampling.js';

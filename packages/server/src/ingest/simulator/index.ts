export { simulateStore, type SimulateOptions, type SimulateSummary } from './simulate-store.js';

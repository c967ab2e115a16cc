// What other modules, the CLI and the console may use from experiments.
export { createExperiment, listExperiments, getExperiment, stopExperiment, logExposure, experimentResults } from './experiments.service.js';
export { experimentsRoutes } from './experiments.routes.js';
export * from './experiments.tables.js';

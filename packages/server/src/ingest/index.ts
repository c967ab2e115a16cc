export { importFile } from './import-file.js';
export { IMPORT_SOURCES, type ImportSource, type ImportOptions, type ImportSummary } from './import-types.js';

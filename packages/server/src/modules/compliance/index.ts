export { verifyAuditChain, type ChainProblem, type ChainReport } from './audit-chain.service.js';
export { buildDataCatalogue, dataCatalogueCsv, type CatalogueColumn, type DataCatalogue } from './data-catalogue.js';
export { CLASSIFICATIONS, type Classification } from './catalogue-annotations.js';
export { eraseSubject, exportSubjectData, ERASED_TEXT, type ErasureResult, type SubjectAccessExport } from './subject-request.service.js';
export { listRetentionPolicies, purgeExpired, setRetentionPolicy, DEFAULT_RETENTION, RETENTION_KEYS, type RetentionKey, type RetentionPolicy } from './retention.service.js';
export { retentionPurgeStep } from './retention.pipeline.js';
export { moderationDecisions, retentionPolicies } from './compliance.tables.js';
export { complianceRoutes } from './compliance.routes.js';
export { checkContent, guardContent, listDecisions, overrideDecision } from './moderation.service.js';

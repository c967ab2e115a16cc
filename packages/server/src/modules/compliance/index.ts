export { verifyAuditChain, type ChainProblem, type ChainReport } from './audit-chain.service.js';

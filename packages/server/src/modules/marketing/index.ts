export { createCampaign, recordSessions, recordSpend, type CampaignInput, type SessionInput, type SpendInput } from './marketing.service.js';

export { classifyReview, normaliseText, type ReviewClassification, type Sentiment } from './classify-review.js';
export { TOPICS, type Topic } from './lexicon.js';
export { evaluateLabels, type ClassReport, type EvaluationReport } from './evaluate.js';
export { moderateText, foldForModeration, type ModerationHit, type ModerationResult } from './moderate.js';
export { DEFAULT_MODERATION_LIST, type ModerationList, type ModerationRule, type ModerationAction, type ModerationSeverity, type ContentKind } from './moderation-list.js';

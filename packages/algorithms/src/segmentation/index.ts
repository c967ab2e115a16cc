// Customer segmentation: RFM quintile scores, the named RFM groups and the handbook's strata.
export { scoreRfm, quintileScores, type RfmInput, type RfmScore } from './rfm.js';
export { rfmGroup, rfmStratum, RFM_GROUP_RULES, type RfmGroup, type RfmStratum } from './rfm-groups.js';
export { lifecycleStage, lifecycleTimeline, DEFAULT_LIFECYCLE_RULES, type LifecycleStage, type LifecycleRules, type LifecycleTransition } from './lifecycle.js';

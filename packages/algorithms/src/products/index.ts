// Public surface of the product algorithms: lifecycle stage and selection score.
export {
  assessStage, DEFAULT_LIFECYCLE_RULE, DEFAULT_SELECTION_WEIGHTS, selectionScore, SIGNAL_SCALES, STAGE_ACTIONS, STAGE_LABELS, stageHistory,
  type LifecycleRule, type ProductStage, type SelectionSignals, type SelectionWeights, type StageAssessment, type StageChange,
} from './lifecycle.js';

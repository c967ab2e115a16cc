/** Order-to-warehouse allocation (分仓): ranked plans under visible rules and a cost model. */
export {
  allocateOrder, ALLOCATION_RULES, DEFAULT_COST_MODEL, REGION_CENTRES,
  type AllocateInput, type AllocationDecision, type AllocationLine, type AllocationPlan, type AllocationRule, type AllocationWarehouse, type CostModel, type Parcel,
} from './allocate.js';

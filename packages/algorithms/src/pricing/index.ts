export { quote, compileRules, localTime, type CompiledRules } from './quote.js';
export { PricingInputError, validateRules, validateCart } from './validate.js';
export { percentOf, divHalfUp, yuan, zhe } from './money.js';
export type * from './types.js';

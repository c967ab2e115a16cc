export { quote } from './quote.js';
export { compileRules, type CompiledRules } from './compile.js';
export { localTime } from './store-time.js';
export { PricingInputError, validateRules, validateCart } from './validate.js';
export { percentOf, divHalfUp, yuan, zhe } from './money.js';
export type * from './types.js';

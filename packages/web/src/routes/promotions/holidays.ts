// The calendar lives in contracts so that the demand forecast uses the same holidays as this console.
export { holidaysOf, type Holiday } from '@zhanggui/contracts';

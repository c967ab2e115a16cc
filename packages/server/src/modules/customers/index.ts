export {
  createCustomer, findByEmail, findByPhone, getCustomer, listCustomers, updateConsent, updateCustomer, unmasks,
} from './customers.service.js';
export { exportCustomers } from './customer-export.service.js';
export { customerView, encryptPii, type CustomerRow } from './customer-view.js';
export { customers } from './customers.tables.js';

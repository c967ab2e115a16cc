// Classification of the schema's tables and columns for the data catalogue. A column not named
// here falls to the rules in data-catalogue.ts (personal-looking names) or to its table's
// default, else `internal`; the catalogue marks which, so unreviewed columns stand out.

export const CLASSIFICATIONS = ['public', 'internal', 'personal', 'sensitive_personal'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface ColumnAnnotation {
  classification: Classification;
  /** 1 (lowest) … 4; defaults by classification: public 1, internal 2, personal 3, sensitive personal 4. */
  grade?: number;
  note?: string;
}

export interface TableAnnotation {
  /** The default for the table's columns. */
  classification?: Classification;
  description?: string;
  columns?: Record<string, Classification | ColumnAnnotation>;
}

const pseudonymous: ColumnAnnotation = { classification: 'personal', grade: 2, note: 'pseudonymous link to a person; personal only together with the customers table' };
const customerText: ColumnAnnotation = { classification: 'personal', note: 'free text written by a customer; may contain names, phones, addresses' };

export const TABLE_ANNOTATIONS: Record<string, TableAnnotation> = {
  customers: {
    description: 'Customer profiles: contact data encrypted (AES-256-GCM), keyed hashes for lookup',
    columns: {
      name_enc: { classification: 'personal', note: 'name, encrypted' },
      phone_enc: { classification: 'personal', note: 'phone, encrypted' },
      email_enc: { classification: 'personal', note: 'email, encrypted' },
      address_enc: { classification: 'sensitive_personal', grade: 4, note: 'home address, encrypted; with orders it reveals whereabouts' },
      phone_hash: { classification: 'personal', note: 'keyed hash of the phone (HMAC): identifies the person to whoever holds the key' },
      email_hash: { classification: 'personal', note: 'keyed hash of the email' },
      external_id: { classification: 'personal', note: 'the customer’s id or nickname on a sales platform' },
      region: { classification: 'internal', note: 'province/country: too coarse to identify alone' },
      city: { classification: 'personal', grade: 2, note: 'quasi-identifier' },
      gender: { classification: 'personal', grade: 2, note: 'quasi-identifier' },
      birth_year: { classification: 'personal', grade: 2, note: 'quasi-identifier; under-14 customers make the record sensitive (PIPL art. 28)' },
      id: pseudonymous,
    },
  },
  users: {
    description: 'Console users (staff)',
    columns: {
      username: 'personal', display_name: 'personal',
      password_hash: { classification: 'sensitive_personal', grade: 4, note: 'scrypt hash of a credential' },
    },
  },
  sessions: { description: 'Console sign-in sessions', columns: { token_hash: { classification: 'sensitive_personal', grade: 4, note: 'credential hash' }, ip: 'personal', user_agent: 'personal', user_id: pseudonymous } },
  api_tokens: { columns: { token_hash: { classification: 'sensitive_personal', grade: 4, note: 'credential hash' }, user_id: pseudonymous } },
  login_attempts: { description: 'Sign-in attempts, kept one day', columns: { key: 'personal', ip: 'personal' } },
  audit_log: {
    description: 'Append-only, hash-chained audit trail; personal data appears only masked',
    columns: { actor_name: 'personal', ip: 'personal', actor_id: pseudonymous, before: { classification: 'internal', note: 'masked snapshots' }, after: { classification: 'internal', note: 'masked snapshots' } },
  },
  orders: { columns: { customer_id: pseudonymous, ship_region: 'internal' } },
  tickets: { description: 'Service tickets', columns: { customer_id: pseudonymous, subject: customerText, body: customerText } },
  reviews: { description: 'Product reviews', columns: { customer_id: pseudonymous, body: customerText } },
  ticket_events: { description: 'Ticket timeline: replies, internal notes, status changes', columns: { body: customerText, author_name: 'personal', author_id: pseudonymous } },
  nps_responses: { description: 'NPS survey answers', columns: { customer_id: pseudonymous, comment: customerText } },
  service_agents: { columns: { user_id: pseudonymous } },
  sla_policies: { classification: 'internal' },
  service_macros: { classification: 'internal' },
  traffic_sessions: { columns: { visitor_id: { classification: 'personal', note: 'device/cookie identifier (online identifier)' }, customer_id: pseudonymous } },
  shipments: { columns: { tracking_no: { classification: 'personal', grade: 2, note: 'a carrier lookup reveals the recipient' } } },
  products: { classification: 'public', description: 'Catalogue as published', columns: { id: 'internal' } },
  categories: { classification: 'public' },
  skus: { classification: 'public', columns: { id: 'internal', unit_cost: { classification: 'internal', note: 'purchase cost: commercially confidential' } } },
  channels: { classification: 'internal' },
  store_settings: { classification: 'internal' },
  kpi_daily: { classification: 'internal', description: 'Aggregates; no person can be singled out' },
  customer_rfm: { columns: { customer_id: pseudonymous } },
  customer_clv_scores: { columns: { customer_id: pseudonymous } },
  lifecycle_transitions: { columns: { customer_id: pseudonymous } },
};

import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema.js';
import { csvCell } from '../customers/customer-export.service.js';
import { TABLE_ANNOTATIONS, type Classification, type ColumnAnnotation } from './catalogue-annotations.js';

export interface CatalogueColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  classification: Classification;
  grade: number;
  /** Where the classification came from: an annotation, a naming rule, the table default, or the catch-all default. */
  source: 'annotation' | 'rule' | 'table' | 'default';
  note: string | null;
  /**
   * Whether the column may leave the country of the data location as it is: personal and sensitive
   * personal data are `restricted` (PIPL art. 38–40: only after a CAC security assessment, under the
   * standard contract or with a certification, and with separate consent — see docs/compliance.md).
   */
  crossBorder: CrossBorder;
}

export type CrossBorder = 'restricted' | 'unrestricted';

export interface DataCatalogue {
  /** Where this install keeps its data (ISO 3166-1 alpha-2). */
  dataLocation: string;
  tables: { table: string; description: string | null; columns: number; highest: Classification }[];
  columns: CatalogueColumn[];
  summary: Record<Classification, number>;
}

const GRADE: Record<Classification, number> = { public: 1, internal: 2, personal: 3, sensitive_personal: 4 };
const RANK: Classification[] = ['public', 'internal', 'personal', 'sensitive_personal'];

// Names that look personal on a column nobody annotated: classified personal until reviewed.
const PERSONAL_NAME = /(^|_)(phone|mobile|email|address|ip|birth|id_card|idcard|passport|visitor_id|customer_id|user_id|recipient|contact|person_name|real_name|nickname)($|_)|_enc$/;

function classify(table: string, column: string): Omit<CatalogueColumn, 'table' | 'column' | 'type' | 'nullable' | 'crossBorder'> {
  const t = TABLE_ANNOTATIONS[table];
  const a = t?.columns?.[column];
  if (a) {
    const ann: ColumnAnnotation = typeof a === 'string' ? { classification: a } : a;
    return { classification: ann.classification, grade: ann.grade ?? GRADE[ann.classification], source: 'annotation', note: ann.note ?? null };
  }
  if (PERSONAL_NAME.test(column) && !(t?.classification === 'public' && !/_enc$|_hash$/.test(column))) {
    return { classification: 'personal', grade: 3, source: 'rule', note: 'classified by its name; review and annotate' };
  }
  if (t?.classification) return { classification: t.classification, grade: GRADE[t.classification], source: 'table', note: null };
  return { classification: 'internal', grade: 2, source: 'default', note: null };
}

/** Every table and column of the schema (the Drizzle tables the modules own), classified and graded. */
export function buildDataCatalogue(opts: { dataLocation?: string | undefined } = {}): DataCatalogue {
  const tables = (Object.values(schema) as unknown[]).filter((x): x is PgTable => is(x, PgTable)).map((t) => getTableConfig(t))
    .sort((a, b) => a.name.localeCompare(b.name));
  const columns: CatalogueColumn[] = [];
  const summary = { public: 0, internal: 0, personal: 0, sensitive_personal: 0 } as Record<Classification, number>;
  const tableRows: DataCatalogue['tables'] = [];
  for (const t of tables) {
    let highest: Classification = 'public';
    for (const c of t.columns) {
      const k = classify(t.name, c.name);
      const crossBorder: CrossBorder = k.classification === 'personal' || k.classification === 'sensitive_personal' ? 'restricted' : 'unrestricted';
      columns.push({ table: t.name, column: c.name, type: c.getSQLType(), nullable: !c.notNull, ...k, crossBorder });
      summary[k.classification]++;
      if (RANK.indexOf(k.classification) > RANK.indexOf(highest)) highest = k.classification;
    }
    tableRows.push({ table: t.name, description: TABLE_ANNOTATIONS[t.name]?.description ?? null, columns: t.columns.length, highest });
  }
  return { dataLocation: opts.dataLocation ?? 'CN', tables: tableRows, columns, summary };
}

export function dataCatalogueCsv(cat: DataCatalogue): string {
  // The install's data location goes on every row (a CSV has no header block), after cross_border.
  const head = ['table', 'column', 'type', 'nullable', 'classification', 'grade', 'source', 'note', 'crossBorder'] as const;
  const lines = [[...head.slice(0, -1), 'cross_border', 'data_location'].join(','),
    ...cat.columns.map((c) => [...head.map((h) => csvCell(c[h])), csvCell(cat.dataLocation)].join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';

/** What the verifier found wrong, naming the row. */
export interface ChainProblem {
  kind: 'changed' | 'deleted' | 'unchained' | 'tail' | 'anchor';
  id: number | null;
  seq: number | null;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  headSeq: number;
  headHash: string;
  problems: ChainProblem[];
}

const GENESIS = '0'.repeat(64);
const PAGE = 2000;

// The canonical text of a row, written out here rather than calling the database's
// audit_log_canonical(), so a replaced function cannot fool the check. Same expression as
// migration 0005.
const CANONICAL = sql.raw(`jsonb_build_array(
  a.chain_seq, a.id, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  a.actor_type, a.actor_id, a.actor_name, a.action, a.entity, a.entity_id,
  a.before, a.after, a.personal_data, a.ip, a.details)::text`);

const link = (prev: string, canonical: string) => createHash('sha256').update(`${prev}|${canonical}`, 'utf8').digest('hex');

/**
 * Recompute the audit log's hash chain and report every row that was changed, deleted or
 * inserted around the trigger. `anchor` is a seq:hash pair recorded earlier (for example printed
 * by a previous verify and kept elsewhere): it must still be in the chain, which catches a
 * superuser who rewrote the whole chain after the anchor was taken.
 */
export async function verifyAuditChain(db: Tx, anchor?: { seq: number; hash: string }): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  const unchained = await queryRows<{ id: number }>(db, sql`select id from audit_log where chain_seq is null or chain_hash is null order by id limit 100`);
  for (const r of unchained) problems.push({ kind: 'unchained', id: Number(r.id), seq: null, message: `row ${r.id} has no chain hash (written with the chain trigger disabled)` });
  let prev = GENESIS;
  let expectedSeq = 1;
  let rows = 0;
  let anchorSeen = false;
  for (let after = 0; ;) {
    const page = await queryRows<{ id: number; seq: number | string; hash: string; canonical: string }>(db, sql`
      select a.id, a.chain_seq as seq, a.chain_hash as hash, ${CANONICAL} as canonical
      from audit_log a where a.chain_seq > ${after} order by a.chain_seq limit ${PAGE}`);
    for (const r of page) {
      const seq = Number(r.seq);
      const id = Number(r.id);
      rows++;
      if (seq !== expectedSeq) {
        const gap = seq - 1 === expectedSeq ? `row with chain_seq ${expectedSeq} is` : `rows with chain_seq ${expectedSeq}–${seq - 1} are`;
        problems.push({ kind: 'deleted', id, seq, message: `${gap} missing before row ${id} (deleted)` });
      } else if (link(prev, r.canonical) !== r.hash) {
        problems.push({ kind: 'changed', id, seq, message: `row ${id} (chain_seq ${seq}) does not match its chain hash: it was changed after it was written` });
      }
      if (anchor && seq === anchor.seq) {
        anchorSeen = true;
        if (r.hash !== anchor.hash) problems.push({ kind: 'anchor', id, seq, message: `row ${id} (chain_seq ${seq}) no longer has the anchored hash: the chain was rewritten` });
      }
      // Continue from the stored hash so one bad row is reported once, not for every row after it.
      prev = r.hash;
      expectedSeq = seq + 1;
    }
    if (page.length < PAGE) break;
    after = Number(page[page.length - 1]!.seq);
  }
  const [head] = await queryRows<{ seq: number | string; hash: string }>(db, sql`select seq, hash from audit_chain_head where id = 1`);
  const headSeq = Number(head?.seq ?? 0);
  const headHash = head?.hash ?? GENESIS;
  if (headSeq !== expectedSeq - 1 || headHash !== prev) {
    problems.push({ kind: 'tail', id: null, seq: headSeq, message: headSeq > expectedSeq - 1
      ? `the chain head is at chain_seq ${headSeq} but the last row is ${expectedSeq - 1}: the last rows were deleted`
      : `the chain head (chain_seq ${headSeq}) does not match the last row (${expectedSeq - 1})` });
  }
  if (anchor && !anchorSeen) problems.push({ kind: 'anchor', id: null, seq: anchor.seq, message: `no row has the anchored chain_seq ${anchor.seq}` });
  return { ok: problems.length === 0, rows, headSeq, headHash, problems };
}

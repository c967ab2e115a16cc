-- Tamper-evident audit log: every row carries sha256(previous row's hash | its own canonical
-- text), computed on insert while holding the single audit_chain_head row, so concurrent writers
-- form one linear chain. `zhanggui audit verify` recomputes it (docs/compliance.md).
CREATE FUNCTION audit_log_canonical(r audit_log) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN jsonb_build_array(
    r.chain_seq, r.id, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.actor_type, r.actor_id, r.actor_name, r.action, r.entity, r.entity_id,
    r.before, r.after, r.personal_data, r.ip, r.details
  )::text;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
  prev text;
BEGIN
  -- The row lock on the head serialises audit writers until commit; under READ COMMITTED the
  -- UPDATE re-reads the committed head, under stricter isolation a race fails instead of forking.
  UPDATE audit_chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash INTO next_seq, prev;
  IF next_seq IS NULL THEN
    RAISE EXCEPTION 'audit_chain_head is missing';
  END IF;
  NEW.chain_seq := next_seq;
  NEW.chain_hash := encode(sha256(convert_to(prev || '|' || audit_log_canonical(NEW), 'UTF8')), 'hex');
  UPDATE audit_chain_head SET hash = NEW.chain_hash WHERE id = 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
--> statement-breakpoint
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
--> statement-breakpoint
-- Chain the rows written before this migration, in id order.
DO $$
DECLARE
  r audit_log;
  s bigint := 0;
  h text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    s := s + 1;
    r.chain_seq := s;
    h := encode(sha256(convert_to(h || '|' || audit_log_canonical(r), 'UTF8')), 'hex');
    UPDATE audit_log SET chain_seq = s, chain_hash = h WHERE id = r.id;
  END LOOP;
  UPDATE audit_chain_head SET seq = s, hash = h WHERE id = 1;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
-- The head may only move forward through the trigger above; nobody deletes it.
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE OR TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

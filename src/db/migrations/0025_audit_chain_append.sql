-- Extends the audit hash chain in one call: takes the chain lock (held until the caller's transaction ends), reads
-- the last hash, chains the entries to it in their array order and inserts them. Each entry carries its row and
-- `content`, the canonical JSON the application hashes (audit.service.ts `auditContent`); a row's hash is the
-- SHA-256 (hex) of the previous hash, a newline and its content, exactly as `hashAuditRow` computes it. Reading the
-- last hash after the lock, inside this function, sees every chain extension committed before it (each statement
-- of a plpgsql function takes a fresh snapshot), and saves the round trips of doing the three steps from the
-- application while the lock is held.
CREATE OR REPLACE FUNCTION audit_chain_append(lock_key bigint, entries jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  prev text;
  prevs text[] := '{}';
  hashes text[] := '{}';
  content text;
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  prev := coalesce(prev, '');
  FOR content IN SELECT e.value ->> 'content' FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(value, n)
                 ORDER BY e.n LOOP
    prevs := prevs || prev;
    prev := encode(sha256(convert_to(prev || E'\n' || content, 'UTF8')), 'hex');
    hashes := hashes || prev;
  END LOOP;
  INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, region_code, purpose, details,
                         prev_hash, hash)
  SELECT x.at, x."actorId", x."actorRole", x.action, x."subjectType", x."subjectId", x."regionCode", x.purpose,
         x.details, prevs[e.n], hashes[e.n]
  FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(value, n),
       jsonb_to_record(e.value) AS x(
         at timestamptz, "actorId" integer, "actorRole" text, action text, "subjectType" text, "subjectId" text,
         "regionCode" text, purpose text, details jsonb)
  ORDER BY e.n;
END;
$$;

-- The head of the audit chain, read under the chain's lock in one round trip (server/platform/audit.ts):
-- the lock serialises appends until the caller commits. A VOLATILE function takes a fresh snapshot for
-- each statement, so the SELECT sees the entry the previous holder of the lock committed.
CREATE FUNCTION audit_chain_head() RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7140002);
  RETURN QUERY SELECT a.seq, a.hash FROM audit_entries a ORDER BY a.seq DESC LIMIT 1;
END
$$;

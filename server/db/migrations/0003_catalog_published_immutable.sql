-- A published item version never changes (cases cite it); it may only retire. Drafts are free.
CREATE FUNCTION item_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'item version % is %, only drafts can be deleted', OLD.id, OLD.status;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN ('published', 'retired') AND (
       NOT (OLD.status = 'published' AND NEW.status = 'retired')
       OR (to_jsonb(NEW) - ARRAY['status', 'retired_at', 'updated_at']) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'retired_at', 'updated_at'])
     ) THEN
    RAISE EXCEPTION 'item version % is %, it cannot change', OLD.id, OLD.status;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER item_versions_guard BEFORE UPDATE OR DELETE ON item_versions
  FOR EACH ROW EXECUTE FUNCTION item_versions_guard();

-- The registry's change outbox (issue 6, part 5): every household inserted, or updated to a new version or status,
-- leaves a registry_event row in the same transaction, whichever code path wrote it. Statement-level triggers with
-- transition tables: one set-based INSERT per statement, so bulk loads pay one statement, not one call per row.
CREATE OR REPLACE FUNCTION registry_event_on_household_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_event (household_id, event_type, version, kelurahan_code)
  SELECT id, 'register', version, kelurahan_code FROM registry_event_new ORDER BY id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION registry_event_on_household_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_event (household_id, event_type, version, kelurahan_code, previous_kelurahan_code)
  SELECT n.id, 'update', n.version, n.kelurahan_code, nullif(o.kelurahan_code, n.kelurahan_code)
  FROM registry_event_new n JOIN registry_event_old o ON o.id = n.id
  WHERE n.version IS DISTINCT FROM o.version OR n.status IS DISTINCT FROM o.status
  ORDER BY n.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER household_registry_event_insert AFTER INSERT ON household
  REFERENCING NEW TABLE AS registry_event_new
  FOR EACH STATEMENT EXECUTE FUNCTION registry_event_on_household_insert();
--> statement-breakpoint
CREATE TRIGGER household_registry_event_update AFTER UPDATE ON household
  REFERENCING OLD TABLE AS registry_event_old NEW TABLE AS registry_event_new
  FOR EACH STATEMENT EXECUTE FUNCTION registry_event_on_household_update();

ALTER TABLE "import_household_stage" ADD COLUMN "errors" jsonb;--> statement-breakpoint
ALTER TABLE "import_person_stage" ADD COLUMN "errors" jsonb;--> statement-breakpoint
-- Staged rows are a run's scratch copy of its files: on a PostgreSQL server they are written without WAL. A
-- server crash empties them, and a run whose staged rows are gone fails with a clear message (applyImport); a
-- killed import process leaves them whole. PGlite runs inside the application's process, where a killed process
-- is a database crash, so there they stay logged and a killed import still resumes.
DO $$
BEGIN
  IF version() NOT LIKE '%(PGlite %' THEN
    ALTER TABLE "import_household_stage" SET UNLOGGED;
    ALTER TABLE "import_person_stage" SET UNLOGGED;
  END IF;
END $$;

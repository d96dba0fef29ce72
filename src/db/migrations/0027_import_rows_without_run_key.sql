ALTER TABLE "import_error" DROP CONSTRAINT "import_error_run_id_import_run_id_fk";
--> statement-breakpoint
ALTER TABLE "import_unit" DROP CONSTRAINT "import_unit_run_id_import_run_id_fk";

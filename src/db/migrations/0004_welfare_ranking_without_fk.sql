ALTER TABLE "household_welfare" DROP CONSTRAINT "household_welfare_snapshot_id_welfare_snapshot_id_fk";
--> statement-breakpoint
ALTER TABLE "household_welfare" DROP CONSTRAINT "household_welfare_household_id_household_id_fk";

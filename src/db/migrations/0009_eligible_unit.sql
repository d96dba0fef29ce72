CREATE TABLE "eligible_unit" (
	"household_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"kelurahan_code" text NOT NULL,
	"programs" text[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "eligible_unit_household_idx" ON "eligible_unit" USING btree ("household_id");